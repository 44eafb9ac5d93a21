//! `cargo xtask dist [--base /prefix/]`: the release build of the app into `dist/`, with
//! precompressed copies for the server and a size report.

use crate::{sh, size, tools};

pub fn run(args: &[String]) -> Result<(), String> {
    let base = crate::flag(args, "--base").unwrap_or_else(|| "/".to_owned());
    let out = crate::flag(args, "--out").map(std::path::PathBuf::from).unwrap_or_else(|| crate::root().join("dist"));
    build_into(&base, &out)?;
    size::report(&out).map(drop)
}

/// Builds the app in release mode into `dist/`, to be served at `base` (`/` or `/portal/miz/`).
pub fn build(base: &str) -> Result<(), String> {
    build_into(base, &crate::root().join("dist"))
}

/// The same, into another directory (the browser tests keep a `/portal/miz/` build beside
/// the root one).
pub fn build_into(base: &str, out: &std::path::Path) -> Result<(), String> {
    if !base.starts_with('/') {
        return Err(format!("--base must be an absolute path like /portal/miz/, not '{base}'"));
    }
    tools::ensure_build_tools()?;
    crate::font::build(false)?;
    let out_str = out.to_string_lossy().into_owned();
    let mut c = sh::cmd(&tools::trunk(), &["build", "--release", "--offline", "--public-url", base, "--dist", &out_str]);
    c.env("PATH", tools::tool_path());
    // trunk 0.21 cannot parse NO_COLOR=1 (a common CI setting); it accepts true/false.
    if std::env::var_os("NO_COLOR").is_some() {
        c.env("NO_COLOR", "true");
    }
    sh::run(c)?;
    crate::split::minify_css(out)?;
    crate::split::split(out)?;
    // Before the service worker's list, which records index.html's revision.
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let html = crate::minify::html(&html, &crate::split::target_dir().join("inline-scripts"))?;
    std::fs::write(&index, html).map_err(|e| e.to_string())?;
    service_worker_manifest(out)?;
    write_embed_loader(out)?;
    build_workbench(base, out)?;
    size::precompress(out)
}

/// The staff workbench, a second app, into `staff/` beside the desk (after the desk's
/// service worker has listed its files, so citizens' devices never fetch a byte of it).
fn build_workbench(base: &str, out: &std::path::Path) -> Result<(), String> {
    let staff = out.join("staff");
    let staff_str = staff.to_string_lossy().into_owned();
    let public = format!("{}staff/", base);
    let html = crate::root().join("workbench/index.html");
    let html_str = html.to_string_lossy().into_owned();
    let mut c = sh::cmd(&tools::trunk(), &["build", "--release", "--offline", "--public-url", &public, "--dist", &staff_str, &html_str]);
    c.env("PATH", tools::tool_path());
    if std::env::var_os("NO_COLOR").is_some() {
        c.env("NO_COLOR", "true");
    }
    sh::run(c)?;
    // trunk leaves wasm-opt off (its binaryen would choke on the relocations every wasm build
    // here keeps for the desk's split); the workbench needs no split, only the optimiser.
    for entry in std::fs::read_dir(&staff).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            std::fs::write(&path, without_custom_sections(&data)?).map_err(|e| e.to_string())?;
            let optimised = path.with_extension("opt.wasm");
            crate::split::wasm_opt(&path, &optimised)?;
            std::fs::rename(&optimised, &path).map_err(|e| e.to_string())?;
            // trunk's preload of the wasm carries the hash of the file before optimising, and a
            // preload `as="fetch"` cannot check one anyway (the browser warns): none.
            let index = staff.join("index.html");
            let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let html = crate::split::with_integrity(&html, &format!("{public}{name}"), None)?;
            std::fs::write(&index, html).map_err(|e| e.to_string())?;
        }
    }
    crate::split::minify_css(&staff)
}

/// The service worker's precache list, from the files as they are now (after the split), in
/// place of `self.__WB_MANIFEST` in sw.js (see workbox-config.cjs).
fn service_worker_manifest(out: &std::path::Path) -> Result<(), String> {
    let root = crate::root();
    let mut c = sh::cmd("node", &["node_modules/workbox-cli/build/bin.js", "injectManifest", "workbox-config.cjs"]);
    c.current_dir(&root).env("MIZ_SW_DIR", out);
    sh::run(c)?;
    // Minified once workbox has written its list into it.
    let sw = out.join("sw.js");
    let source = std::fs::read_to_string(&sw).map_err(|e| format!("{}: {e}", sw.display()))?;
    let minified = crate::minify::script(&source, &crate::split::target_dir().join("sw.full.js"))?;
    std::fs::write(&sw, minified).map_err(|e| format!("{}: {e}", sw.display()))
}

/// The name of the file trunk wrote into `html` between `start` and the next `end`, without
/// the public URL in front of it.
fn file_named(html: &str, start: &str, end: &str) -> Result<String, String> {
    let from = html.find(start).ok_or_else(|| format!("index.html has no {start}"))? + start.len();
    let len = html[from..].find(end).ok_or_else(|| format!("index.html: {start} is not closed"))?;
    Ok(html[from..from + len].rsplit('/').next().unwrap_or_default().to_owned())
}

/// trunk's names for the app's script and wasm, from its loader in the built `index.html`.
pub fn app_files(html: &str) -> Result<(String, String), String> {
    Ok((file_named(html, "import init, * as bindings from '", "'")?, file_named(html, "module_or_path: '", "'")?))
}

/// `embed.js`: the loader a portal page includes to put the desk into one of its elements
/// (or into an iframe's page). It carries trunk's hashed file names, so it is written from the
/// built index.html; its own name never changes, so portals link to it once.
fn write_embed_loader(dist: &std::path::Path) -> Result<(), String> {
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| format!("dist/index.html: {e}"))?;
    // Only the file names: the loader finds the files next to itself, wherever it is.
    let (js, wasm) = app_files(&html)?;
    let css = file_named(&html, "<link rel=\"stylesheet\" href=\"", "\"")?;
    let loader = format!(
        r##"// miz embed loader, written by `cargo xtask dist`; do not edit. On a portal page:
//   <div id="miz"></div>
//   <script type="module" src="https://desk.example.ir/embed.js"
//           data-config="https://desk.example.ir/embed/agency.json" data-mount="#miz"></script>
// Without data-mount the desk takes the whole page (an iframe's page); without data-config it
// reads config.json next to this file.
const here = import.meta.url;
const tag = [...document.querySelectorAll('script[type="module"][src]')].find((s) => s.src === here);
const data = tag ? tag.dataset : {{}};
window.__mizEmbed = {{
  config: data.config ? new URL(data.config, document.baseURI).href : new URL('config.json', here).href,
  mount: data.mount || '',
}};
if (!document.querySelector('link[data-miz-style]')) {{
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('{css}', here).href;
  link.dataset.mizStyle = '';
  document.head.append(link);
}}
// When the desk's own files cannot be had (the desk's server is down, a firewall, the
// portal's CSP), the citizen reads why in the mount element instead of an empty box. Text
// nodes only: nothing here is parsed as HTML.
const unavailable = () => {{
  const at = data.mount ? document.querySelector(data.mount) : document.body;
  if (!at) return;
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.lang = 'fa';
  box.dir = 'rtl';
  box.className = 'miz-unavailable';
  const title = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = 'میز خدمت بارگذاری نشد.';
  title.append(strong);
  const body = document.createElement('p');
  body.textContent = 'اتصال اینترنت را بررسی کنید و صفحه را دوباره بارگذاری کنید. اگر مشکل ادامه داشت، از راه تلفن یا مراجعه حضوری با دستگاه در تماس باشید.';
  box.append(title, body);
  at.replaceChildren(box);
}};
try {{
  const {{ default: init }} = await import(new URL('{js}', here).href);
  await init({{ module_or_path: new URL('{wasm}', here).href }});
}} catch (e) {{
  unavailable();
  throw e;
}}
"##
    );
    std::fs::write(dist.join("embed.js"), loader).map_err(|e| format!("dist/embed.js: {e}"))
}

/// A wasm module without its custom sections: the linker's relocations (`linking`,
/// `reloc.*`, kept by `--emit-relocs` for the desk's split), which binaryen cannot optimise
/// around and which would otherwise be shipped (1.3 MB of the workbench's 2 MB), and the
/// producers' notes. Standard sections and the target's features are copied as they are.
fn without_custom_sections(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for s in crate::wasm_module::sections(wasm)? {
        let keep = s.id != 0 || {
            // A custom section: its name first. `target_features` stays: it tells the
            // optimiser which instructions (bulk memory, …) the code may use.
            let name = crate::wasm_module::name(&wasm[s.body.clone()], &mut 0)?;
            !(name == "linking" || name.starts_with("reloc.") || name == "__wasm_split_unstable" || name == "producers")
        };
        if keep {
            out.extend_from_slice(&wasm[s.whole]);
        }
    }
    Ok(out)
}
