//! The self-hosted font: Vazirmatn Regular and Bold, cut down to the characters Persian and
//! English UI text uses. Reproducible: the npm package is pinned in package-lock.json and
//! fonttools in tools.rs.

use crate::{sh, tools};

/// Basic Latin, the Persian/Arabic letters and marks Persian text uses, Persian and
/// Arabic-Indic digits, ZWNJ and the bidi controls, and the punctuation of both languages.
const UNICODES: &str = "U+0020-007E,U+00A0,U+00AB,U+00BB,U+00D7,U+00F7,U+060C,U+061B,U+061F,\
U+0621-063A,U+0640-0652,U+0654-0656,U+0660-066D,U+0670,U+067E,U+0686,U+0698,U+06A9,U+06AF,\
U+06C0,U+06CC,U+06F0-06F9,U+200C-200F,U+2010-2014,U+2018-201E,U+2022,U+2026,U+2039-203A,\
U+2066-2069,U+2212";

const WEIGHTS: &[(&str, &str)] = &[("Regular", "regular"), ("Bold", "bold")];

/// Builds the subsets, or only the missing ones unless `force`.
pub fn build(force: bool) -> Result<(), String> {
    let root = crate::root();
    let out_dir = root.join("public/fonts");
    let out = |w: &str| out_dir.join(format!("vazirmatn-{w}-subset.woff2"));
    if !force && WEIGHTS.iter().all(|(_, w)| out(w).exists()) {
        return Ok(());
    }
    tools::ensure_npm()?;
    let venv = tools::python_venv()?;
    for (src_weight, name) in WEIGHTS {
        let src = root.join(format!("node_modules/vazirmatn/fonts/webfonts/Vazirmatn-{src_weight}.woff2"));
        let dest = out(name);
        sh::run(sh::cmd(
            &venv.join("bin/pyftsubset").to_string_lossy(),
            &[
                &src.to_string_lossy(),
                &format!("--unicodes={UNICODES}"),
                "--layout-features=*",
                "--flavor=woff2",
                "--no-hinting",
                "--desubroutinize",
                &format!("--output-file={}", dest.to_string_lossy()),
            ],
        ))?;
    }
    Ok(())
}
