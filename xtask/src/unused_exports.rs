//! Leptos always builds `server_fn` with its `browser` feature, which brings `wasm-streams`, whose
//! `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `IntoUnderlyingSink`,
//! `IntoUnderlyingByteSource`) are exports of the app's module. An export is a root: its code
//! (about 10 KB before compression, with the stream and promise glue it pulls in) would sit in
//! the main part that every visit downloads, for server functions the desk does not have.
//!
//! After wasm-bindgen, these exports are used by nothing but the glue's three classes, which
//! nothing imports either. So both go: the exports from the module (wasm-opt then drops the
//! code only they reached) and the classes from the glue. The build fails if they cannot be
//! found, so an upgrade that renames them is noticed rather than quietly shipped.

use crate::wasm_module::rewrite_exports;

/// The glue's classes for the stream adapters.
pub const CLASSES: [&str; 3] = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// Whether an export of the module belongs to one of `CLASSES` (wasm-bindgen names a class's
/// methods `<class in lower case>_<method>` and its destructor `__wbg_<class>_free`).
pub fn is_stream_adapter(export: &str) -> bool {
    let name = export.strip_prefix("__wbg_").unwrap_or(export);
    CLASSES.iter().any(|c| name.strip_prefix(&c.to_lowercase()).is_some_and(|rest| rest.starts_with('_')))
}

/// The module without the exports `drop` names, and the names it removed. Every other byte is
/// copied as it is: only the export section is written anew.
pub fn remove_exports(wasm: &[u8], drop: impl Fn(&str) -> bool) -> Result<(Vec<u8>, Vec<String>), String> {
    let mut removed = Vec::new();
    let out = rewrite_exports(wasm, |name| {
        if drop(name) {
            removed.push(name.to_owned());
            None
        } else {
            Some(name.to_owned())
        }
    })?;
    Ok((out, removed))
}

/// The module and its glue without the stream adapters, or an error if there were none or the
/// glue still calls one.
pub fn strip(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String), String> {
    let (wasm, removed) = remove_exports(wasm, is_stream_adapter)?;
    if removed.is_empty() {
        return Err("the app's module has no stream adapters to remove (see xtask/src/unused_exports.rs)".into());
    }
    let js = remove_classes(js)?;
    if let Some(name) = removed.iter().find(|name| js.contains(&format!("wasm.{name}("))) {
        return Err(format!("the glue still calls {name}, which was removed"));
    }
    Ok((wasm, js))
}

/// The glue without the classes: each `export class C { … }` (to its closing brace at the start
/// of a line), the `Symbol.dispose` line after it, and its `CFinalization` registry.
pub fn remove_classes(js: &str) -> Result<String, String> {
    let mut js = js.to_owned();
    for class in CLASSES {
        let start = js.find(&format!("export class {class} {{")).ok_or_else(|| format!("the glue has no class {class}"))?;
        let len = js[start..].find("\n}\n").ok_or_else(|| format!("the glue's class {class} does not end"))? + 3;
        js.replace_range(start..start + len, "");
        let dispose = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
        if let Some(at) = js.find(&dispose) {
            js.replace_range(at..at + dispose.len(), "");
        }
        let registry = format!("const {class}Finalization = ");
        if let Some(at) = js.find(&registry) {
            let len = js[at..].find(");\n").ok_or_else(|| format!("the glue's {class}Finalization does not end"))? + 3;
            js.replace_range(at..at + len, "");
        }
        if js.contains(class) {
            return Err(format!("the glue still names {class} after its class was removed"));
        }
    }
    Ok(js)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_module::put_leb;

    /// A module with a type section, the exports (name, index) and a custom section.
    fn module(exports: &[(&str, u64)]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, exports.len() as u64);
        for (name, index) in exports {
            crate::wasm_module::put_name(&mut body, name);
            body.push(0);
            put_leb(&mut body, *index);
        }
        crate::wasm_module::module_of(&[(1, &[1, 0x60, 0, 0]), (7, &body), (0, &[1, b'x', 9])])
    }

    #[test]
    fn removes_the_named_exports_and_keeps_every_other_byte() {
        let before = module(&[("main", 200), ("intounderlyingsource_pull", 300), ("__wbg_intounderlyingsink_free", 301), ("memory", 0)]);
        let (after, removed) = remove_exports(&before, is_stream_adapter).unwrap();
        assert_eq!(removed, ["intounderlyingsource_pull", "__wbg_intounderlyingsink_free"]);
        assert_eq!(after, module(&[("main", 200), ("memory", 0)]));
    }

    #[test]
    fn knows_the_adapters_by_their_class() {
        assert!(is_stream_adapter("intounderlyingbytesource_autoAllocateChunkSize"));
        assert!(is_stream_adapter("__wbg_intounderlyingsource_free"));
        assert!(!is_stream_adapter("intounderlyingsourcerer"));
        assert!(!is_stream_adapter("__wbindgen_malloc"));
        assert!(!is_stream_adapter("main"));
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        let m = module(&[("main", 1)]);
        assert!(remove_exports(&m[..m.len() - 9], |_| false).is_err());
        assert!(remove_exports(b"not wasm", |_| false).is_err());
    }

    #[test]
    fn removes_the_classes_from_the_glue() {
        let mut js = String::from("import x from './y.js';\n");
        for c in CLASSES {
            js += &format!("export class {c} {{\n    free() {{\n        wasm.__wbg_{}_free(0);\n    }}\n}}\nif (Symbol.dispose) {c}.prototype[Symbol.dispose] = {c}.prototype.free;\n\n", c.to_lowercase());
        }
        js += "function keep() {}\n";
        for c in CLASSES {
            js += &format!("const {c}Finalization = (typeof FinalizationRegistry === 'undefined')\n    ? {{ register: () => {{}} }}\n    : new FinalizationRegistry(ptr => wasm.__wbg_{}_free(ptr, 1));\n", c.to_lowercase());
        }
        js += "export default keep;\n";
        let out = remove_classes(&js).unwrap();
        assert_eq!(out, "import x from './y.js';\n\n\n\nfunction keep() {}\nexport default keep;\n");
        assert!(remove_classes("export default 1;\n").is_err());
    }
}
