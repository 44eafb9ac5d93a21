//! Messages with named places: `"{n} نظر"`, `"{n} comments"`. Each catalogue says a whole
//! sentence in its own word order, and the code names what goes where instead of gluing
//! pieces in one order for both languages.

/// `template` with each `{name}` replaced by its value in `args`. A place without a value
/// is left as it is (so a missing argument shows, rather than vanishing); `{` without a
/// closing `}` is plain text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The names of a template's places, in order of first use: the catalogues of both
/// languages must use the same ones (checked by a test over the app's catalogues).
pub fn places(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_places_in_the_templates_own_order() {
        assert_eq!(fill("{n} نظر", &[("n", "۳")]), "۳ نظر");
        assert_eq!(fill("{n} comments", &[("n", "3")]), "3 comments");
        assert_eq!(fill("نسخه {from} ← نسخه {to}", &[("to", "۲"), ("from", "۱")]), "نسخه ۱ ← نسخه ۲");
        assert_eq!(fill("{a}{a}", &[("a", "x")]), "xx");
    }

    #[test]
    fn leaves_what_it_cannot_fill() {
        assert_eq!(fill("{n} of {max}", &[("n", "1")]), "1 of {max}");
        assert_eq!(fill("a { b", &[]), "a { b");
        assert_eq!(fill("", &[("n", "1")]), "");
        // A value is not a template: its braces stay.
        assert_eq!(fill("{n}", &[("n", "{m}")]), "{m}");
    }

    #[test]
    fn lists_the_places() {
        assert_eq!(places("{n} نویسه از {max}، {n}"), vec!["n", "max"]);
        assert!(places("no places").is_empty());
    }
}
