//! See `miz_core::fuzz_checks::anchor` for the property checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| miz_core::fuzz_checks::anchor(data));
