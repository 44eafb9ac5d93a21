//! The app's two message catalogues (`src/i18n/fa.rs`, `src/i18n/en.rs`) are values of one
//! struct, so a message missing in one language does not compile. What the compiler cannot
//! see is inside the text: a message with named places (`"{n} نظر"`, filled by
//! `miz_core::message::fill`) must name the same places in both languages, or one language
//! shows a raw `{n}` or drops a value. This test reads both files and compares.

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// `field: "text",` lines of a catalogue, text unescaped enough for `{…}` to be seen.
    fn messages(path: &str) -> BTreeMap<String, String> {
        let text = std::fs::read_to_string(crate::root().join(path)).unwrap();
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

    #[test]
    fn both_languages_name_the_same_places() {
        let fa = messages("src/i18n/fa.rs");
        let en = messages("src/i18n/en.rs");
        assert!(fa.len() > 100, "read only {} Persian messages", fa.len());
        assert_eq!(fa.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "the catalogues list different messages");
        let mut wrong = Vec::new();
        for (field, fa_text) in &fa {
            let mut a = miz_core::message::places(fa_text);
            let mut b = miz_core::message::places(&en[field]);
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                wrong.push(format!("{field}: Persian {a:?}, English {b:?}"));
            }
            // A place that is not a name (a stray "{}") would never be filled.
            if a.iter().chain(&b).any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_lowercase() || c == '_')) {
                wrong.push(format!("{field}: a place that is not a name"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
