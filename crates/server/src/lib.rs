//! The reference backend: implements `api/openapi.yaml` on SQLite or PostgreSQL and serves the
//! built app.

pub mod admin_cli;
pub mod cases_store;
pub mod client;
pub mod clock;
pub mod config;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod demo_drafts;
pub mod demo_history;
pub mod demo_services;
pub mod drafts_store;
pub mod faq_store;
pub mod idempotency;
pub mod keys;
pub mod listen;
pub mod upload_check;
pub mod notify;
pub mod problem;
pub mod random;
pub mod ratelimit;
pub mod reports_store;
pub mod routes;
pub mod services_store;
pub mod sql;
pub mod staff;
pub mod state;
pub mod web;

use axum::Router;
use std::net::SocketAddr;
use tokio::net::TcpListener;

pub use config::ServeConfig;
pub use state::AppState;

/// Opens the database (migrating and seeding it) and assembles the whole service.
pub async fn build(cfg: &ServeConfig) -> Result<Router, String> {
    let state = AppState::open(cfg).await?;
    notify::spawn_worker(state.db.clone(), std::sync::Arc::new(notify::LogNotifier));
    staff::escalation::spawn_worker(state.db.clone());
    db::spawn_statistics_worker(state.db.clone());
    Ok(web::router(state))
}

/// Binds, prints the URL, and serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(cfg: ServeConfig) -> Result<(), String> {
    let app = build(&cfg).await?;
    let listener = TcpListener::bind((cfg.host.as_str(), cfg.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base = cfg.base_path.trim_matches('/');
    let base = if base.is_empty() { String::new() } else { format!("{base}/") };
    println!("miz-server: the desk is at http://{addr}/{base}  (API at http://{addr}/{base}api/v1/, Ctrl-C stops)");
    listen::serve(listener, app, limits(&cfg)?, shutdown_signal()).await;
    println!("miz-server: stopped");
    Ok(())
}

/// Starts the service on a free port in the background, for integration tests.
pub async fn spawn(cfg: ServeConfig) -> Result<SocketAddr, String> {
    let app = build(&cfg).await?;
    let listener = TcpListener::bind((cfg.host.as_str(), 0)).await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let limits = limits(&cfg)?;
    tokio::spawn(listen::serve(listener, app, limits, std::future::pending()));
    Ok(addr)
}

/// The connection limits of `cfg`, with as many connections in all as the process may open
/// files (raised to its hard limit first), less some for the database and the app's files.
fn limits(cfg: &ServeConfig) -> Result<listen::Limits, String> {
    let files = raise_open_files_limit();
    Ok(listen::Limits {
        per_address: cfg.connections_per_address.max(1),
        max_total: files.saturating_sub(128).clamp(64, 10_000),
        exempt: client::parse_trusted(&cfg.trusted_proxies)?.into(),
    })
}

/// Raises the soft limit on open files to the hard one; returns the limit now in force.
fn raise_open_files_limit() -> usize {
    #[cfg(unix)]
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 {
            if lim.rlim_cur < lim.rlim_max {
                let raised = libc::rlimit { rlim_cur: lim.rlim_max, rlim_max: lim.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    lim = raised;
                }
            }
            return usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX);
        }
    }
    1024
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
