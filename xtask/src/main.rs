//! Project automation (the rust-analyzer `xtask` convention): `cargo xtask <command>`.
//!
//! Every command installs what it needs and skips what is already there, so the README's two
//! commands work on a fresh machine with only Rust, Node, npm and Python.

mod bench_cases;
mod bench_inbox;
mod bench_faq;
mod bench_reader;
mod bench_search;
mod catalogue_check;
mod codegen;
mod first_screen;
mod conformance;
mod css;
mod dist;
mod faq_eval;
mod faults;
mod font;
mod fuzz;
mod glue;
mod guess;
mod http;
mod kit;
mod lighthouse;
mod minify;
mod load;
mod load_slow;
mod postgres;
mod run;
mod sh;
mod size;
mod size_breakdown;
mod split;
mod test;
mod tools;
mod unused_exports;
mod wasm_module;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  run  [--port N]        build the app (release) and serve the desk with demo content
  test                   every test: Rust unit/integration and the browser tests
  dist [--base /path/] [--out DIR]
                         build the release app into dist/ (or DIR) and print its size
  size [--dir DIR]       the size report and budget check of a built app (default dist/)
  size-breakdown [--top N] [--wasm FILE]
                         the app's wasm by crate and its largest functions (release build)
  faq-eval [corpus queries]
                         FAQ search quality: miz, MiniSearch and Fuse.js on the same files
                         (default: ../shared/faq-eval/)
  conformance [<url>] [--origin URL] [--examples N] [--db postgres://…]
                         check a backend (default: the reference server, on SQLite or the
                         given database) against api/openapi.yaml: the kit's journeys and
                         rules, then schemathesis; --origin: a portal origin to check CORS for
  conformance --prove    the kit against broken variants of the reference server: each must
                         be caught
  postgres               the server's tests, the conformance kit and two servers on one
                         database, on a throwaway PostgreSQL (Debian postgresql)
  font                   rebuild the Vazirmatn subsets in public/fonts/
  bench-cases [--seconds N] [--clients N]
                         cases/s and p50/p99 of submit and lookup on the release server
  load [--seconds N] [--connections N] [--postgres]
                         req/s and p50/p99 of GET /drafts/{id}, GET /faq, POST /cases and
                         GET /cases/{code}, side by side with nginx serving the FAQ JSON
  lighthouse [--runs N] [--pages home,reader]
                         Lighthouse 12.2.3 (mobile, throttled) on eight pages: scores, LCP,
                         TBT, CLS
  bench-search           FAQ search (wasm) vs MiniSearch timed in one Chromium page
  bench-faq              typing in the FAQ box with 5,000 entries in Chromium: keystroke to
                         paint p50/p95/max and long tasks, at 1x and 4x slower CPU
  bench-reader           the draft reader with 300 articles and 3,000 comments in Chromium
  durability [--seconds N] [--clients N] [--kills N] [--db postgres://…]
                         send cases and comments while the server is SIGKILLed and
                         restarted; check every acknowledged one is stored exactly once
  faults                 writes while the disk is full, the file size limited or the database
                         read-only: 503 with Retry-After, reads go on, retries land once
  fuzz [--seconds N] [target…]
                         each cargo-fuzz target for N seconds (nightly); crashes become
                         regression tests in crates/core/tests/fuzz_regressions/
  guess [--seconds N] [--cases N]
                         a scripted tracking-code guesser against the default limits
  setup                  install the toolchain pieces only (wasm target, trunk, wasm-bindgen,
                         npm packages, font, Chromium)
";

/// `YYYY-MM-DD` (UTC) of `days` days ago.
pub fn root_date_days_ago(days: i64) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0) - days * 86_400;
    let (y, m, d) = miz_core::jalali::civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd {
        "run" => run::run(rest),
        "test" => test::run(rest),
        "dist" => dist::run(rest),
        "font" => font::build(true),
        "size" => size::report(&flag(rest, "--dir").map(std::path::PathBuf::from).unwrap_or_else(|| root().join("dist"))).and_then(|t| size::check_budget(&t)),
        "size-breakdown" => size_breakdown::run(rest),
        "faq-eval" => faq_eval::run(rest),
        "bench-cases" => bench_cases::bench(rest),
        "bench-inbox" => bench_inbox::run(rest),
        "load" => load::run(rest),
        "codegen" => codegen::run(rest),
        "lighthouse" => lighthouse::run(rest),
        "bench-search" => bench_search::run(rest),
        "bench-faq" => bench_faq::run(rest),
        "bench-reader" => bench_reader::run(rest),
        "durability" => bench_cases::durability(
            flag(rest, "--seconds").and_then(|s| s.parse().ok()).unwrap_or(20),
            flag(rest, "--clients").and_then(|s| s.parse().ok()).unwrap_or(8),
            flag(rest, "--kills").and_then(|s| s.parse().ok()).unwrap_or(6),
            &flag(rest, "--db").unwrap_or_else(|| "durability.sqlite3".into()),
        ),
        "fuzz" => fuzz::run(rest),
        "faults" => faults::run(rest),
        "postgres" => postgres::run(rest),
        "guess" => guess::run(rest),
        "conformance" => conformance::run(rest),
        "setup" => tools::setup_all(),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives one level down).
pub fn root() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The value after `--name` in `args`, if given.
pub fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| args.iter().find_map(|a| a.strip_prefix(&format!("{name}=")).map(str::to_owned)))
}
