use crate::{config::ServeConfig, db::Db, demo, ratelimit::Limiter, web::IndexPage};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The agency this desk speaks for.
    pub agency_id: Arc<str>,
    /// The built app's `index.html` with its CSP, or `None` when the app has not been built.
    pub index: Option<Arc<IndexPage>>,
    pub dist: Arc<std::path::Path>,
    /// The admin API's bearer token; `None` turns the admin API off.
    pub admin_token: Option<Arc<str>>,
    pub limiter: Limiter,
    /// New comments wait for the agency's approval.
    pub premoderate: bool,
}

impl AppState {
    pub async fn open(cfg: &ServeConfig) -> Result<AppState, String> {
        let db = Db::open(&cfg.db).map_err(|e| format!("database {}: {e}", cfg.db.display()))?;
        if !cfg.no_demo {
            db.call(demo::seed_if_empty).await.map_err(|e| format!("demo content: {e}"))?;
        }
        let known = {
            let id = cfg.agency.clone();
            db.call(move |c| {
                c.query_row("SELECT count(*) FROM agencies WHERE id = ?1", [&id], |r| r.get::<_, i64>(0))
            })
            .await
            .map_err(|e| e.to_string())?
        };
        if known == 0 && !cfg.no_demo {
            return Err(format!("no agency with id '{}' in the database (try tehran-culture or museum)", cfg.agency));
        }
        if cfg.admin_token.as_deref().is_some_and(|t| t.len() < 16) {
            return Err("the admin token must be at least 16 characters".into());
        }
        let index = IndexPage::load(&cfg.dist, &cfg.connect_src).map(Arc::new);
        if index.is_none() {
            eprintln!(
                "miz-server: no app at {}/index.html; serving the API only (build it with `cargo xtask dist`)",
                cfg.dist.display()
            );
        }
        Ok(AppState {
            db,
            agency_id: cfg.agency.as_str().into(),
            index,
            dist: cfg.dist.as_path().into(),
            admin_token: cfg.admin_token.as_deref().filter(|t| t.len() >= 16).map(Into::into),
            limiter: Limiter::new(cfg.lookup_failures, cfg.writes_per_minute),
            premoderate: cfg.premoderate,
        })
    }
}
