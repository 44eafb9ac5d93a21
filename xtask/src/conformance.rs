//! `cargo xtask conformance [<base-url>] [--origin URL] [--examples N]`: checks a backend
//! against `api/openapi.yaml` in two ways.
//!
//! 1. The kit (`xtask/src/kit/`): what a citizen's journey relies on and no schema can say.
//!    It finds its ids on the backend itself, creates a case and a comment and reads them
//!    back, and checks idempotency, the second factor, the declared check digit, uploads
//!    checked by content, moderation, the comment window, pagination, ETags, CORS (with
//!    `--origin`, the portal origin the desk is served from) and the look-up limit.
//! 2. schemathesis (PyPI, installed into target/conformance-venv): every operation, with
//!    examples, boundary values, generated data and the stateful links in the contract. It
//!    fails on a 5xx, a status code or content type the contract does not list, or a body or
//!    header that does not match its schema.
//!
//! Without a URL it starts the reference server on a fresh database and checks that.
//! `cargo xtask conformance --prove` runs the kit against deliberately broken variants of the
//! reference server and fails unless each is caught (part of `cargo xtask test`).
//!
//! The admin operations are exercised when `MIZ_ADMIN_TOKEN` is set (sent as a bearer token:
//! a staff member's API token). The staff checks sign in as `MIZ_STAFF_USERNAME` with
//! `MIZ_STAFF_PASSWORD` (a supervisor without a second factor); on the reference server the
//! kit makes such an account with the CLI.

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

/// A supervisor on the reference server's database, for the kit's staff checks (made with
/// the agency's CLI, as an administrator would; a fresh name each time, so a reused
/// PostgreSQL database takes it too).
fn kit_staff(bin: &std::path::Path, db: &str) -> Result<crate::kit::staff::StaffLogin, String> {
    let is_url = db.starts_with("postgres://") || db.starts_with("postgresql://");
    let db = if is_url { db.to_owned() } else { crate::root().join("target/xtask").join(db).to_string_lossy().into_owned() };
    let login = crate::kit::staff::StaffLogin {
        username: format!("kit.sup.{:08x}", crate::kit::client::nonce() as u32),
        password: "the kit's own long password".into(),
    };
    crate::test::add_staff(bin, &db, &login.username, "کیت سازگاری", "supervisor", &login.password)?;
    Ok(login)
}

/// The portal origin the reference server allows when the kit checks CORS.
const KIT_ORIGIN: &str = "http://portal.kit.test";

/// The kit against a fresh reference server with its default limits (a look-up limit must be
/// reachable), once with comments published at once and once held for moderation.
fn kit_on_reference(db: Option<&str>) -> Result<(), String> {
    let bin = crate::root().join("target/debug/miz-server");
    for premoderate in [false, true] {
        let name = if premoderate { "kit-premoderated.sqlite3" } else { "kit.sqlite3" };
        let mut flags = vec!["--writes-per-minute", "1000", "--cors-origins", KIT_ORIGIN];
        if premoderate {
            flags.push("--premoderate");
        }
        let (server, port) = start_server_bin(&bin, db.unwrap_or(name), &flags, None)?;
        let staff = kit_staff(&bin, db.unwrap_or(name))?;
        println!("kit: the reference server{} on port {port}", if premoderate { " (comments held for moderation)" } else { "" });
        let verdicts = crate::kit::run(&format!("http://127.0.0.1:{port}/api/v1/"), Some(KIT_ORIGIN.into()), Some(staff));
        drop(server);
        crate::kit::report(&verdicts)?;
    }
    Ok(())
}

/// Every broken variant of the reference server must be caught by the check that watches
/// that promise; a variant the kit passes fails this.
pub fn prove(_args: &[String]) -> Result<(), String> {
    use crate::kit::broken::{self, Breakage};
    sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
    let bin = crate::root().join("target/debug/miz-server");
    let mut missed = Vec::new();
    for (breakage, check) in Breakage::ALL {
        let (server, port) = start_server_bin(&bin, "kit-broken.sqlite3", &["--writes-per-minute", "1000", "--premoderate", "--cors-origins", KIT_ORIGIN], None)?;
        let staff = kit_staff(&bin, "kit-broken.sqlite3")?;
        let proxy = broken::start(port, *breakage)?;
        let verdicts = crate::kit::run(&format!("http://127.0.0.1:{}/api/v1/", proxy.port), Some(KIT_ORIGIN.into()), Some(staff));
        drop(proxy);
        drop(server);
        let failed: Vec<&str> = verdicts.iter().filter(|(_, v)| matches!(v, crate::kit::Verdict::Fail(_))).map(|(n, _)| *n).collect();
        let why = verdicts.iter().find(|(n, _)| n == check).and_then(|(_, v)| match v {
            crate::kit::Verdict::Fail(w) => Some(w.clone()),
            _ => None,
        });
        match why {
            Some(w) => println!("  caught  {breakage:?} by {check}: {w}"),
            None => {
                println!("  MISSED  {breakage:?}: {check} did not fail (failed: {failed:?})");
                missed.push(format!("{breakage:?}"));
            }
        }
    }
    println!("kit proof: {} of {} broken backends caught", Breakage::ALL.len() - missed.len(), Breakage::ALL.len());
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!("the kit passed broken backends: {}", missed.join(", ")))
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--prove") {
        return prove(args);
    }
    let st = ensure_schemathesis()?;
    let examples = crate::flag(args, "--examples").unwrap_or_else(|| "40".into());
    // The backend's URL: the first one that is not the value of a flag (`--origin URL`).
    let url = args
        .iter()
        .enumerate()
        .find(|(i, a)| (a.starts_with("http://") || a.starts_with("https://")) && (*i == 0 || !args[i - 1].starts_with("--")))
        .map(|(_, a)| a.clone());
    let token = std::env::var("MIZ_ADMIN_TOKEN").ok();
    // The reference server, when no URL is given: a fresh database, limits out of the way.
    let (server, api, token) = match url {
        Some(u) => {
            let u = u.trim_end_matches('/').to_owned();
            let api = if u.ends_with("/api/v1") { u } else { format!("{u}/api/v1") };
            println!("kit: {api}");
            crate::kit::report(&crate::kit::run(&format!("{api}/"), crate::flag(args, "--origin"), crate::kit::staff::StaffLogin::from_env()))?;
            (None, api, token)
        }
        None => {
            sh::run(sh::cmd("cargo", &["build", "-p", "miz-server"]))?;
            kit_on_reference(crate::flag(args, "--db").as_deref())?;
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
