//! The stylesheet without its comments and layout whitespace. trunk copies `style/main.css`
//! as written; its comments say why a rule is there, which the source must keep and a
//! citizen's phone need not download. Only what cannot change a rule's meaning is removed:
//! comments, runs of whitespace (kept as one space: `.a .b` is not `.a.b`), and the spaces
//! next to `{`, `}`, `;` and `,`. Spaces beside `:` stay (`.a :focus` is not `.a:focus`).
//! A quoted string keeps single spaces but not runs of them: the sheet has none (a test
//! holds it).

use std::path::Path;

pub fn minify(css: &str) -> String {
    let mut no_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        no_comments.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => rest = "",
        }
        no_comments.push(' ');
    }
    no_comments.push_str(rest);
    let mut out = String::with_capacity(no_comments.len());
    for word in no_comments.split_whitespace() {
        let glue = out.ends_with(['{', '}', ';', ',']) || word.starts_with(['{', '}', ';', ',']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Minifies the built stylesheet in `out` and gives its link in `index.html` the new
/// integrity hash.
pub fn minify_built(out: &Path, sri: impl Fn(&[u8]) -> String, with_integrity: impl Fn(&str, &str, Option<&str>) -> Result<String, String>) -> Result<(), String> {
    let index = out.join("index.html");
    let mut html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let entries = std::fs::read_dir(out).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("main-") && name.ends_with(".css")) {
            continue;
        }
        let css = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string())?;
        let small = minify(&css);
        std::fs::write(entry.path(), &small).map_err(|e| e.to_string())?;
        let href = html
            .find(&format!("{name}\""))
            .and_then(|i| html[..i].rfind("href=\"").map(|h| html[h + 6..i + name.len()].to_owned()))
            .ok_or_else(|| format!("index.html has no link to {name}"))?;
        html = with_integrity(&html, &href, Some(&sri(small.as_bytes())))?;
    }
    std::fs::write(&index, html).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn keeps_what_changes_meaning() {
        let css = "/* why */\n.miz .a :focus,\n.miz  .b > c {\n  margin: 0 auto; /* x */\n  font: inherit;\n}\n@container miz (max-width: 47.99rem) {\n  .miz .c { color: rgb(1, 2, 3); }\n}\n";
        assert_eq!(
            minify(css),
            ".miz .a :focus,.miz .b > c{margin: 0 auto;font: inherit;}@container miz (max-width: 47.99rem){.miz .c{color: rgb(1,2,3);}}"
        );
    }

    #[test]
    fn the_sheets_strings_survive() {
        let css = std::fs::read_to_string(crate::root().join("style/main.css")).unwrap();
        for (i, quoted) in css.split('"').enumerate().filter(|(i, _)| i % 2 == 1) {
            assert!(!quoted.contains("  ") && !quoted.contains('\n') && !quoted.contains(['{', '}', ';']), "string {i}: {quoted:?}");
        }
    }

    #[test]
    fn an_unclosed_comment_ends_the_sheet() {
        assert_eq!(minify(".a { b: c; } /* open"), ".a{b: c;}");
    }
}
