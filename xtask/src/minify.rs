//! The desk's JavaScript, minified by terser (from the npm packages `cargo xtask setup`
//! installs): the wasm's glue, the split loader, the service worker and index.html's inline
//! scripts. All of it is in every first visit; its comments explain the source files, not the
//! bytes a phone downloads.

use std::path::Path;

/// A JS module's source minified (its exports keep their names). The source is written to
/// `scratch` on the way, where it can be read beside the build.
pub fn module(js: &str, scratch: &Path) -> Result<String, String> {
    terser(js, scratch, &["--module"])
}

/// A classic script's source minified: its top level keeps its names.
pub fn script(js: &str, scratch: &Path) -> Result<String, String> {
    terser(js, scratch, &[])
}

fn terser(js: &str, scratch: &Path, options: &[&str]) -> Result<String, String> {
    let terser = crate::root().join("node_modules/terser/bin/terser");
    if !terser.is_file() {
        return Err(format!("{} is missing: run `cargo xtask setup`", terser.display()));
    }
    std::fs::write(scratch, js).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let output = scratch.with_extension("min.js");
    let (terser, input, out) = (terser.to_string_lossy(), scratch.to_string_lossy(), output.to_string_lossy());
    let mut args = vec![terser.as_ref(), input.as_ref()];
    args.extend_from_slice(options);
    args.extend_from_slice(&["--compress", "--mangle", "--output", out.as_ref()]);
    crate::sh::run(crate::sh::cmd("node", &args))?;
    std::fs::read_to_string(&output).map_err(|e| format!("{}: {e}", output.display()))
}

/// The bodies of `html`'s inline classic scripts (`<script>` with no attributes); module
/// scripts and scripts with a `src` are left as they are (trunk's module script is read back by
/// the embed loader's writer).
fn inline_scripts(html: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("<script>") {
        let start = from + at + "<script>".len();
        let Some(len) = html[start..].find("</script>") else { break };
        found.push((start, start + len));
        from = start + len;
    }
    found
}

/// index.html with its inline classic scripts minified, and without its comments (notes for
/// whoever reads the source) or blank lines. The server hashes the scripts it serves for its
/// Content-Security-Policy, so the hashes follow.
pub fn html(html: &str, work: &Path) -> Result<String, String> {
    std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut last = 0;
    for (i, (start, end)) in inline_scripts(html).into_iter().enumerate() {
        let minified = script(&html[start..end], &work.join(format!("inline-{i}.js")))?;
        if minified.contains("</script") {
            return Err(format!("inline script {i} would close itself once minified"));
        }
        out.push_str(&without_comments(&html[last..start])?);
        out.push_str(&minified);
        last = end;
    }
    out.push_str(&without_comments(&html[last..])?);
    Ok(out)
}

/// Markup (never a script's body) without `<!-- … -->` and without lines left blank.
fn without_comments(markup: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        let len = rest[at..].find("-->").ok_or("index.html: a comment does not end")? + 3;
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    let kept: Vec<&str> = out.split('\n').filter(|line| !line.trim().is_empty()).collect();
    let mut kept = kept.join("\n");
    if out.ends_with('\n') {
        kept.push('\n');
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_inline_classic_scripts() {
        let html = "<head><script>a()</script><script type=\"module\">b()</script><script src=\"x.js\"></script>\n<script>\n{ c(); }\n</script></head>";
        let bodies: Vec<&str> = inline_scripts(html).into_iter().map(|(s, e)| &html[s..e]).collect();
        assert_eq!(bodies, ["a()", "\n{ c(); }\n"]);
    }

    #[test]
    fn comments_and_blank_lines_go_from_the_markup() {
        let markup = "<head>\n  <!-- why\n  the next line -->\n  <title>x</title>\n\n   \n  <p>a <!--b--> c</p>\n";
        assert_eq!(without_comments(markup).unwrap(), "<head>\n  <title>x</title>\n  <p>a  c</p>\n");
        assert!(without_comments("<p><!-- open").is_err());
    }
}
