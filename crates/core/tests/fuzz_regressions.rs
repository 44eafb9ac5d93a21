//! Every input a fuzz target ever crashed on (`tests/fuzz_regressions/<target>/*`, copied there
//! by `cargo xtask fuzz`), run again through the same property on stable Rust.

use miz_core::fuzz_checks::TARGETS;

#[test]
fn past_fuzz_crashes_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut ran = 0;
    for (name, check) in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else { continue };
        for file in dir.flatten() {
            let data = std::fs::read(file.path()).unwrap();
            check(&data);
            ran += 1;
        }
    }
    // Seeds that exercise each target's decoding even before any crash was found.
    for (_, check) in TARGETS {
        for seed in [&b""[..], b"0912 123 4567", "۱۲۳۴-۵۶۷۸-۹۰۱۲".as_bytes(), b"\x05\x00\x04\x00abc def\x01xx abc def"] {
            check(seed);
            ran += 1;
        }
    }
    assert!(ran > 0);
}
