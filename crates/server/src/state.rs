use crate::{config::ServeConfig, db::Db, demo, ratelimit::Limiter, web::IndexPage};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The agency this desk speaks for.
    pub agency_id: Arc<str>,
    /// The built app's `index.html` with its CSP, or `None` when the app has not been built.
    pub index: Option<Arc<IndexPage>>,
    /// The staff workbench's `index.html` with its own CSP, when it has been built.
    pub staff_index: Option<Arc<IndexPage>>,
    pub dist: Arc<std::path::Path>,
    pub limiter: Limiter,
    /// The desk's secret: signs case passes, keys the hash of client networks.
    pub key: crate::keys::ServerKey,
    /// New comments wait for the agency's approval.
    pub premoderate: bool,
    /// Every agency in the database: each also has its API under `/agencies/{id}/api/v1`.
    pub agencies: Arc<[String]>,
    /// Origins allowed to call the API from their pages and to frame the app.
    pub cors_origins: Arc<[String]>,
    /// The prefix the desk is served under, `/` or `/portal/miz/`.
    pub base_path: Arc<str>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The desk is reached over HTTPS: staff cookies are `Secure`, with the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The agency's identity provider, when staff may sign in through it.
    pub oidc: Option<Arc<crate::staff::oidc::Oidc>>,
}

impl AppState {
    /// The same desk speaking for another agency in the same database.
    pub fn for_agency(&self, id: &str) -> AppState {
        AppState { agency_id: id.into(), ..self.clone() }
    }
}

impl AppState {
    pub async fn open(cfg: &ServeConfig) -> Result<AppState, String> {
        let db = Db::open_async(&cfg.db).await.map_err(|e| format!("database {}: {e}", crate::db::display(&cfg.db)))?;
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
        db.call(crate::deadlines::seed).await.map_err(|e| format!("holidays and due dates: {e}"))?;
        if !cfg.no_demo {
            db.call(|c| crate::staff::templates::seed(c)).await.map_err(|e| format!("response templates: {e}"))?;
        }
        if cfg.admin_token.as_deref().is_some_and(|t| t.len() < 16) {
            return Err("the admin token must be at least 16 characters".into());
        }
        let key = db.call(|c| crate::keys::ServerKey::load_or_create(c)).await.map_err(|e| format!("server key: {e}"))?;
        let agencies: Vec<String> = db
            .call(|c| {
                c.query_all("SELECT id FROM agencies ORDER BY id", [], |r| r.get::<_, String>(0))
            })
            .await
            .map_err(|e| e.to_string())?;
        {
            // The legacy admin token acts as an account of each agency the server speaks for.
            let token = cfg.admin_token.clone();
            let ids = agencies.clone();
            db.call(move |c| {
                let tx = c.transaction()?;
                for agency in &ids {
                    crate::staff::tokens::bind_admin_token(&tx, agency, token.as_deref())?;
                }
                tx.commit()
            })
            .await
            .map_err(|e| format!("the admin token's account: {e}"))?;
        }
        let oidc = match &cfg.oidc_issuer {
            Some(issuer) => Some(Arc::new(crate::staff::oidc::Oidc::new(crate::staff::oidc::OidcConfig {
                issuer: issuer.clone(),
                client_id: cfg.oidc_client_id.clone(),
                client_secret: cfg.oidc_client_secret.clone().filter(|s| !s.is_empty()),
                redirect_uri: cfg.oidc_redirect_uri.clone(),
                label: cfg.oidc_label.clone(),
            })?)),
            None => None,
        };
        let cors_origins = crate::web::origins(&cfg.cors_origins)?;
        let base_path = normalise_base(&cfg.base_path)?;
        let trusted_proxies = crate::client::parse_trusted(&cfg.trusted_proxies)?;
        let index = IndexPage::load(&cfg.dist, &cfg.connect_src, &cors_origins).map(Arc::new);
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
            staff_index: IndexPage::load_staff(&cfg.dist).map(Arc::new),
            dist: cfg.dist.as_path().into(),
            limiter: Limiter::new(cfg.lookup_failures, cfg.writes_per_minute),
            key,
            premoderate: cfg.premoderate,
            agencies: agencies.into(),
            cors_origins: cors_origins.into(),
            base_path: base_path.into(),
            trusted_proxies: trusted_proxies.into(),
            secure_cookies: cfg.secure_cookies,
            oidc,
        })
    }
}

/// `/portal/miz/` from `/portal/miz`, `portal/miz/` or `/portal/miz/`; `/` stays `/`.
fn normalise_base(base: &str) -> Result<String, String> {
    let inner = base.trim_matches('/');
    if inner.is_empty() {
        return Ok("/".into());
    }
    let ok = inner.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != ".." && seg.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)));
    if !ok {
        return Err(format!("--base must be a path like /portal/miz/, not '{base}'"));
    }
    Ok(format!("/{inner}/"))
}
