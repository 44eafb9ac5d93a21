//! `cargo xtask conformance [<base-url>] [--examples N]`: checks a backend against
//! `api/openapi.yaml` with schemathesis (PyPI, installed into target/conformance-venv): every
//! operation, with examples, boundary values, generated data and the stateful links in the
//! contract (send a case, then look it up; comment, then support the comment). It fails on a
//! 5xx, a status code or content type the contract does not list, or a body or header that
//! does not match its schema. Without a URL it starts the reference server on a fresh
//! database and checks that.
//!
//! The admin operations are exercised when `MIZ_ADMIN_TOKEN` is set (sent as a bearer token).

use crate::{sh, test::start_server_bin};

const SCHEMATHESIS: &str = "4.32.5";

/// What the contract promises, as schemathesis checks. Not included: whether every
/// schema-valid request is accepted (a backend may refuse a wrong check digit or an
/// unknown topic with 422, which JSON Schema cannot express) and whether every schema-violating
/// one is refused.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_schema_conformance,response_headers_conformance,use_after_free,ensure_resource_availability";

fn ensure_schemathesis() -> Result<std::path::PathBuf, String> {
    let venv = crate::root().join("target/conformance-venv");
    let st = venv.join("bin/st");
    if sh::output(&st.to_string_lossy(), &["--version"]).is_some_and(|v| v.contains(SCHEMATHESIS)) {
        return Ok(st);
    }
    eprintln!("xtask: installing schemathesis {SCHEMATHESIS} into {} (once)", venv.display());
    sh::run(sh::cmd("python3", &["-m", "venv", &venv.to_string_lossy()]))?;
    let pip = venv.join("bin/pip");
    sh::run(sh::cmd(&pip.to_string_lossy(), &["install", "--quiet", &format!("schemathesis=={SCHEMATHESIS}")]))?;
    Ok(st)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let st = ensure_schemathesis()?;
    let examples = crate::flag(args, "--examples").unwrap_or_else(|| "40".into());
    let url = args.iter().find(|a| a.starts_with("http://") || a.starts_with("https://")).cloned();
    let token = std::env::var("MIZ_ADMIN_TOKEN").ok();
    // The reference server, when no URL is given: a fresh database, limits out of the way.
    let (server, api, token) = match url {
        Some(u) => {
            let u = u.trim_end_matches('/').to_owned();
            let api = if u.ends_with("/api/v1") { u } else { format!("{u}/api/v1") };
            (None, api, token)
        }
        None => {
            sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
            let bin = crate::root().join("target/debug/miz-server");
            let db = crate::flag(args, "--db").unwrap_or_else(|| "conformance.sqlite3".into());
            let (guard, port) = start_server_bin(
                &bin,
                &db,
                &["--writes-per-minute", "1000000", "--lookup-failures", "1000000"],
                None,
            )?;
            (Some(guard), format!("http://127.0.0.1:{port}/api/v1"), Some(crate::test::E2E_ADMIN_TOKEN.to_owned()))
        }
    };
    let report = crate::root().join("target/conformance");
    std::fs::create_dir_all(&report).map_err(|e| e.to_string())?;
    let spec = crate::root().join("api/openapi.yaml");
    let mut a: Vec<String> = vec![
        "run".into(),
        spec.to_string_lossy().into_owned(),
        "--url".into(),
        api.clone(),
        "--checks".into(),
        CHECKS.into(),
        "--max-examples".into(),
        examples,
        "--generation-deterministic".into(),
        "--report".into(),
        "junit".into(),
        "--report-dir".into(),
        report.to_string_lossy().into_owned(),
    ];
    if let Some(t) = token {
        a.push("--header".into());
        a.push(format!("Authorization: Bearer {t}"));
    }
    println!("conformance: {} against {api}", spec.display());
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let mut c = sh::cmd(&st.to_string_lossy(), &refs);
    // schemathesis keeps a cache in its working directory; keep it out of the repository.
    c.current_dir(&report);
    let result = sh::run(c);
    drop(server);
    result.map_err(|e| format!("{e}\nthe backend does not keep the contract; see the failures above (JUnit: target/conformance/)"))
}
