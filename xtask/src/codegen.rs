//! `cargo xtask codegen [--check]`: the files made from `miz_core::routes` (the one table of
//! the desk's pages), each between two marker lines so the rest of the file stays written by
//! hand:
//!
//! - `index.html`: the boot script's first requests of each page, and the first screen of each
//!   page (`first_screen.rs`, from the Persian catalogue);
//! - `public/sw.js`: the API documents the service worker keeps for offline use;
//! - `src/app.rs`: the router's routes;
//! - `src/lazy_pages.rs`: each chunk's entry point, its pages named by an enum;
//! - `tests/e2e/routes.json`: every page's example address and the requests its first paint
//!   makes, for the browser test that each is asked once.
//!
//! With `--check` nothing is written: it fails when a file is not what the table makes (the
//! table changed and codegen was not run, or the generated part was edited by hand), or when
//! the router in `src/app.rs` lists routes outside its generated part. `cargo xtask test` runs
//! it.

use miz_core::routes::{Route, ROUTES, SHELL_DATA};
use std::path::Path;

const BEGIN: &str = "generated from miz_core::routes by `cargo xtask codegen`: do not edit";
/// The first screens' part of `index.html` (`first_screen.rs`), made from the catalogue.
const BEGIN_FIRST: &str = "generated from the Persian catalogue by `cargo xtask codegen`: do not edit";
const END: &str = "end of generated";

pub fn run(args: &[String]) -> Result<(), String> {
    let check = args.iter().any(|a| a == "--check");
    let root = crate::root();
    let mut stale = Vec::new();
    for (file, begin, make) in [
        ("index.html", BEGIN, boot_pages as fn() -> String),
        ("index.html", BEGIN_FIRST, crate::first_screen::html),
        ("public/sw.js", BEGIN, kept_documents),
        ("src/app.rs", BEGIN, router),
        ("src/lazy_pages.rs", BEGIN, entry_points),
    ] {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        let new = replace_between(&text, begin, &make()).map_err(|e| format!("{file}: {e}"))?;
        if new != text {
            if !stale.contains(&file) {
                stale.push(file);
            }
            if !check {
                std::fs::write(&path, new).map_err(|e| format!("{file}: {e}"))?;
            }
        }
    }
    let json_path = root.join("tests/e2e/routes.json");
    let json = test_pages();
    if std::fs::read_to_string(&json_path).ok().as_deref() != Some(json.as_str()) {
        stale.push("tests/e2e/routes.json");
        if !check {
            std::fs::write(&json_path, &json).map_err(|e| e.to_string())?;
        }
    }
    let router = router_paths(&root.join("src/app.rs"))?;
    let table: Vec<(&str, &str)> = ROUTES.iter().map(|r| (r.path, r.group.split_point().unwrap_or("main"))).collect();
    if router != table {
        return Err(format!(
            "src/app.rs routes (path, chunk) {router:?}, but miz_core::routes lists {table:?}: routes belong in the table, and `cargo xtask codegen` writes the router from it"
        ));
    }
    if check && !stale.is_empty() {
        return Err(format!("stale: {} (run `cargo xtask codegen`)", stale.join(", ")));
    }
    if !check {
        println!("codegen: {}", if stale.is_empty() { "nothing to change".to_owned() } else { format!("wrote {}", stale.join(", ")) });
    }
    Ok(())
}

/// Each page of a chunk as the pattern of its address below the desk's base (a JavaScript
/// regex literal), with its split point, for the preload script.
pub fn chunk_patterns() -> Vec<(String, &'static str)> {
    ROUTES.iter().filter_map(|r| r.group.split_point().map(|p| (js_regex(r), p))).collect()
}

/// `text` with the lines between the marker lines (which contain `marker` and END) replaced by
/// `body`, indented like the BEGIN line.
fn replace_between(text: &str, marker: &str, body: &str) -> Result<String, String> {
    let begin = text.find(marker).ok_or_else(|| format!("no line marking the start of the generated part ({marker})"))?;
    let begin_line_end = begin + text[begin..].find('\n').ok_or("no end of line")? + 1;
    let begin_line_start = text[..begin].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[begin_line_start..].chars().take_while(|c| *c == ' ').collect();
    let end = begin_line_end + text[begin_line_end..].find(END).ok_or("no line marking the end of the generated part")?;
    let end_line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    let body: String = body.lines().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("{indent}{l}\n") }).collect();
    Ok(format!("{}{body}{}", &text[..begin_line_end], &text[end_line_start..]))
}

/// The route's path as an anchored regex over the address below the desk's base, as the text
/// of a JavaScript `RegExp` (the first screens' `data-path`).
pub fn pattern(r: &Route) -> String {
    let inner: Vec<String> = r
        .path
        .trim_start_matches('/')
        .split('/')
        .map(|s| if s.starts_with(':') { "([^/]+)".to_owned() } else { s.replace('.', "\\.").replace('-', "\\-") })
        .collect();
    format!("^{}$", inner.join("\\/"))
}

/// The same as a JavaScript regex literal.
fn js_regex(r: &Route) -> String {
    format!("/{}/", pattern(r))
}

/// A data template as a JavaScript template literal over `p` (the encoded parameters).
fn js_template(t: &str) -> String {
    let mut out = String::from("`");
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open].replace('`', "\\`"));
        let close = open + rest[open..].find('}').expect("templates are checked by miz-core's tests");
        let name = &rest[open + 1..close];
        out.push_str(&match name.parse::<usize>() {
            Ok(n) => format!("${{p[{}]}}", n - 1),
            Err(_) if name == "drafts_filters" => "${filters()}".to_owned(),
            Err(_) if name == "client_id" => "${seg(clientId())}".to_owned(),
            Err(_) => panic!("unknown place {{{name}}}"),
        });
        rest = &rest[close + 1..];
    }
    out.push_str(&rest.replace('`', "\\`"));
    out.push('`');
    out
}

fn boot_pages() -> String {
    let mut s = String::from("const pages = [\n");
    for r in ROUTES.iter().filter(|r| !r.data.is_empty()) {
        let paths: Vec<String> = r.data.iter().map(|d| js_template(d)).collect();
        let arg = if r.data.iter().any(|d| d.contains("{1}")) { "p" } else { "_p" };
        s.push_str(&format!("  [{}, ({arg}) => [{}]],\n", js_regex(r), paths.join(", ")));
    }
    s.push_str("];\n");
    s
}

/// A chunk's enum of pages: its split point's name, capitalised (`Drafts`).
fn enum_name(point: &str) -> String {
    let mut c = point.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The component's name, the last part of its path (`ReaderPage`).
fn component(r: &Route) -> &'static str {
    r.view.rsplit("::").next().unwrap_or(r.view)
}

/// The `<Route>`s of `src/app.rs`: a page of the main part by its component, a page of a chunk
/// through the chunk's entry point.
fn router() -> String {
    let mut s = String::new();
    for r in ROUTES {
        let view = match r.group.split_point() {
            None => format!("crate::routes::{}", r.view),
            Some(point) => {
                format!("|| lazy_page(|| Box::pin(lazy_pages::{point}(lazy_pages::{}::{})))", enum_name(point), component(r))
            }
        };
        s.push_str(&format!("<Route path=path!(\"{}\") view={view} />\n", r.path));
    }
    s
}

/// Each chunk's entry point in `src/lazy_pages.rs`: an enum naming its pages, and the split
/// function that draws one of them.
fn entry_points() -> String {
    let mut s = String::new();
    let mut points: Vec<&'static str> = Vec::new();
    for r in ROUTES {
        if let Some(p) = r.group.split_point() {
            if !points.contains(&p) {
                points.push(p);
            }
        }
    }
    for point in points {
        let name = enum_name(point);
        let mut pages: Vec<&Route> = Vec::new();
        for r in ROUTES.iter().filter(|r| r.group.split_point() == Some(point)) {
            if !pages.iter().any(|p| p.view == r.view) {
                pages.push(r);
            }
        }
        s.push_str(&format!("#[derive(Clone, Copy)]\npub enum {name} {{\n"));
        for p in &pages {
            s.push_str(&format!("    {},\n", component(p)));
        }
        s.push_str("}\n\n");
        s.push_str(&format!("#[wasm_split({point}, fallible)]\npub fn {point}(page: {name}) -> Result<AnyView, SplitLoaderError> {{\n"));
        for p in &pages {
            s.push_str(&format!("    use crate::routes::{};\n", p.view));
        }
        s.push_str("    Ok(match page {\n");
        for p in &pages {
            let c = component(p);
            s.push_str(&format!("        {name}::{c} => view! {{ <{c} /> }}.into_any(),\n"));
        }
        s.push_str("    })\n}\n\n");
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn kept_documents() -> String {
    let mut docs: Vec<&str> = SHELL_DATA.to_vec();
    for r in ROUTES.iter().filter(|r| r.offline) {
        for d in r.data {
            assert!(!d.contains('{'), "{}: only documents without parameters can be kept offline ({d})", r.path);
            if !docs.contains(d) {
                docs.push(d);
            }
        }
    }
    let list: Vec<String> = docs.iter().map(|d| format!("'{d}'")).collect();
    let res: Vec<String> = docs.iter().map(|d| format!("/\\/api\\/v1\\/{}$/", d.replace('-', "\\-"))).collect();
    format!(
        "const API_DOCS = [{}];\nconst DATA_PATHS = [{}, /\\/config\\.json$/];\n",
        list.join(", "),
        res.join(", ")
    )
}

/// `[{"address": …, "asks": [API paths, `{client_id}` for the browser's id], "more": …}]`.
fn test_pages() -> String {
    let items: Vec<serde_json::Value> = ROUTES
        .iter()
        .map(|r| {
            let path = r.example.split(['?', '#']).next().unwrap_or("");
            let (_, params) = miz_core::routes::find(path).expect("examples are checked by miz-core's tests");
            let asks: Vec<String> = r
                .data
                .iter()
                .map(|d| {
                    let mut args: Vec<(String, String)> = params.iter().enumerate().map(|(i, p)| ((i + 1).to_string(), (*p).to_owned())).collect();
                    args.push(("drafts_filters".into(), String::new()));
                    args.push(("client_id".into(), "{client_id}".into()));
                    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    miz_core::message::fill(d, &args)
                })
                .collect();
            serde_json::json!({ "path": r.path, "address": r.example, "chunk": r.group.split_point().unwrap_or("main"), "asks": asks, "more": r.more })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
    s.push('\n');
    s
}

/// The `path!("…")` of every `<Route>` in the router, in order, with the chunk its page is in
/// (`lazy_pages::<chunk>(…)` on the same line, else the main part).
fn router_paths(app: &Path) -> Result<Vec<(&'static str, &'static str)>, String> {
    let text = std::fs::read_to_string(app).map_err(|e| format!("{}: {e}", app.display()))?;
    let mut found = Vec::new();
    for line in text.lines() {
        let Some(i) = line.find("<Route path=path!(\"") else { continue };
        let after = &line[i + "<Route path=path!(\"".len()..];
        let end = after.find('"').ok_or("src/app.rs: unclosed path!")?;
        let chunk = after.find("lazy_pages::").map_or("main", |j| {
            let name = &after[j + "lazy_pages::".len()..];
            name.split('(').next().unwrap_or("main")
        });
        // Leaked once per run of a build tool, to compare with the table's 'static strs.
        let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
        found.push((leak(&after[..end]), leak(chunk)));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_javascript() {
        assert_eq!(js_template("drafts/{1}/versions/{2}"), "`drafts/${p[0]}/versions/${p[1]}`");
        assert_eq!(js_template("drafts?{drafts_filters}per_page=50"), "`drafts?${filters()}per_page=50`");
        assert_eq!(js_template("x?client_id={client_id}"), "`x?client_id=${seg(clientId())}`");
    }

    #[test]
    fn paths_become_anchored_regexes() {
        let r = ROUTES.iter().find(|r| r.path == "/drafts/:id/versions/:n").unwrap();
        assert_eq!(js_regex(r), "/^drafts\\/([^/]+)\\/versions\\/([^/]+)$/");
    }

    #[test]
    fn markers_keep_the_rest() {
        let text = "a\n  // generated from miz_core::routes by `cargo xtask codegen`: do not edit\n  old\n  // end of generated\nz\n";
        let new = replace_between(text, BEGIN, "x = 1;\n").unwrap();
        assert_eq!(new, "a\n  // generated from miz_core::routes by `cargo xtask codegen`: do not edit\n  x = 1;\n  // end of generated\nz\n");
    }
}
