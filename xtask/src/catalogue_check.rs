//! The app's two message catalogues (`src/i18n/fa.rs`, `src/i18n/en.rs`) are values of one
//! struct, so a message missing in one language does not compile. What the compiler cannot
//! see is inside the text: a message with named places (`"{n} نظر"`, filled by
//! `miz_core::message::fill`) must name the same places in both languages, or one language
//! shows a raw `{n}` or drops a value. This test reads both files and compares.

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    fn read(path: &str) -> String {
        std::fs::read_to_string(crate::root().join(path)).unwrap()
    }

    /// `field: "text",` lines of a catalogue, text unescaped enough for `{…}` to be seen.
    fn messages(text: &str) -> BTreeMap<String, String> {
        text.lines()
            .filter_map(|l| {
                let (field, rest) = l.trim().split_once(": \"")?;
                let value = unescape(rest.strip_suffix("\",")?);
                field.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_').then(|| (field.to_owned(), value))
            })
            .collect()
    }

    /// Rust's `\u{2066}` escapes as the characters they stand for (their braces are no place).
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("\\u{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 3..];
            let Some(end) = after.find('}') else { break };
            out.extend(u32::from_str_radix(&after[..end], 16).ok().and_then(char::from_u32));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Every catalogue pair: the desk's, the workbench's, and the shared parts' (one file
    /// holding both languages, Persian first).
    fn pairs() -> Vec<(&'static str, String, String)> {
        let common = read("ui/text.rs");
        let (fa, en) = common.split_once("pub static EN").expect("the shared catalogue has an English part");
        let mut out = vec![
            ("desk", read("src/i18n/fa.rs"), read("src/i18n/en.rs")),
            ("shared", fa.to_owned(), en.to_owned()),
        ];
        if crate::root().join("workbench/src/i18n/fa.rs").exists() {
            out.push(("workbench", read("workbench/src/i18n/fa.rs"), read("workbench/src/i18n/en.rs")));
        }
        out
    }

    #[test]
    fn both_languages_name_the_same_places() {
        let mut wrong = Vec::new();
        for (name, fa, en) in pairs() {
            let (fa, en) = (messages(&fa), messages(&en));
            assert!(fa.len() > 10, "{name}: read only {} Persian messages", fa.len());
            assert_eq!(fa.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "{name}: the catalogues list different messages");
            for (field, fa_text) in &fa {
                let mut a = miz_core::message::places(fa_text);
                let mut b = miz_core::message::places(&en[field]);
                a.sort_unstable();
                b.sort_unstable();
                if a != b {
                    wrong.push(format!("{name}.{field}: Persian {a:?}, English {b:?}"));
                }
                // A place that is not a name (a stray "{}") would never be filled.
                if a.iter().chain(&b).any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_lowercase() || c == '_')) {
                    wrong.push(format!("{name}.{field}: a place that is not a name"));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
