//! Settings, from flags or the environment (`MIZ_*`), so the same binary runs under a
//! developer's shell, a systemd unit or a container.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "miz-server", version, about = "Reference backend for the miz citizen desk")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The agency's side, on the database file directly (the server may be running).
    Admin(AdminArgs),
}

#[derive(Args, Debug)]
pub struct AdminArgs {
    #[command(subcommand)]
    pub action: AdminAction,
}

#[derive(Subcommand, Debug)]
pub enum AdminAction {
    /// Print a case as JSON.
    ShowCase { code: String },
    /// Move a case to a status: received, routed, in_review, answered, closed, reopened.
    CaseStatus {
        code: String,
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Answer a case (it becomes `answered`, and the citizen may object once).
    Answer { code: String, text: String },
    /// List the newest cases.
    ListCases {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Publish a draft for comment from a JSON file (the admin API's body).
    PublishDraft { file: PathBuf },
    /// Publish a revised version of a draft from a JSON file holding its body.
    NewVersion {
        id: String,
        file: PathBuf,
        #[arg(long)]
        note: Option<String>,
        /// This version is the final text after revision.
        #[arg(long = "final")]
        final_text: bool,
    },
    /// Answer a comment: outcome is accepted, partly_accepted, not_accepted or noted.
    Respond { comment: String, outcome: String, text: String },
    /// Publish or reject a comment held for moderation.
    Moderate { comment: String, decision: String },
    /// Fill the database with synthetic cases spread over units and three years (for
    /// `cargo xtask bench-inbox`; never on a real desk).
    #[command(hide = true)]
    FillCases {
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        #[arg(long, env = "MIZ_AGENCY", default_value = "tehran-culture")]
        agency: String,
    },
    /// Add a workbench account (the first administrator, typically). The password is read
    /// from standard input (`--password-stdin`), or one is made and printed once.
    AddStaff {
        username: String,
        /// The name colleagues see.
        #[arg(long)]
        name: String,
        /// A role: admin, supervisor, moderator, editor, or officer:UNIT_ID. Repeatable.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The agency the account belongs to.
        #[arg(long, env = "MIZ_AGENCY", default_value = "tehran-culture")]
        agency: String,
        /// Read the password from standard input instead of making one.
        #[arg(long)]
        password_stdin: bool,
        /// The agency's identity provider's user (the ID token's `sub`) this account is; such
        /// an account has no password unless `--password-stdin` gives one.
        #[arg(long)]
        oidc_subject: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "MIZ_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, env = "MIZ_PORT", default_value_t = 8080)]
    pub port: u16,
    /// SQLite database file, or a PostgreSQL URL (`postgres://user:password@host:5432/miz`);
    /// created (a file) or migrated, and filled with demo content on first start.
    #[arg(long, env = "MIZ_DB", default_value = "miz.sqlite3")]
    pub db: PathBuf,
    /// The built app (trunk's `dist/`), served for every path outside `/api/`.
    #[arg(long, env = "MIZ_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Which agency this desk speaks for (an id in the database).
    #[arg(long, env = "MIZ_AGENCY", default_value = "tehran-culture")]
    pub agency: String,
    /// Do not fill an empty database with demo content.
    #[arg(long, env = "MIZ_NO_DEMO")]
    pub no_demo: bool,
    /// Extra origins the app may call (CSP `connect-src`), space separated, for an app whose
    /// `config.json` points at another API.
    #[arg(long, env = "MIZ_CONNECT_SRC", default_value = "")]
    pub connect_src: String,
    /// Bearer token for the agency's admin API (`/api/v1/admin/…`); without one the admin
    /// API is off.
    #[arg(long, env = "MIZ_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Writes (cases, uploads, objections) one client may make per minute.
    #[arg(long, env = "MIZ_WRITES_PER_MINUTE", default_value_t = 30)]
    pub writes_per_minute: u32,
    /// Failed tracking look-ups one client may make per 10 minutes before waiting.
    #[arg(long, env = "MIZ_LOOKUP_FAILURES", default_value_t = 10)]
    pub lookup_failures: u32,
    /// Hold new comments for the agency's approval (visible to their author's browser only).
    #[arg(long, env = "MIZ_PREMODERATE")]
    pub premoderate: bool,
    /// Path prefix the whole desk (app and API) is served under, e.g. `/portal/miz/`; the app
    /// must be built for it (`cargo xtask dist --base /portal/miz/`).
    #[arg(long = "base", env = "MIZ_BASE", default_value = "/")]
    pub base_path: String,
    /// Origins whose pages may call the API (CORS), space separated, e.g.
    /// `https://portal.example.ir`. The same origins may frame the app (`frame-ancestors`).
    #[arg(long, env = "MIZ_CORS_ORIGINS", default_value = "")]
    pub cors_origins: String,
    /// The agency's reverse proxies (IP addresses, space separated): for requests from them the
    /// rate limits count the address in `X-Forwarded-For` instead.
    #[arg(long, env = "MIZ_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Connections one address may hold open at once (trusted proxies excepted); more are
    /// closed at once. Generous: a mobile carrier puts many subscribers behind one address.
    #[arg(long, env = "MIZ_CONNECTIONS_PER_ADDRESS", default_value_t = 256)]
    pub connections_per_address: usize,
    /// The desk is reached over HTTPS (behind the agency's TLS proxy): staff session cookies
    /// are sent only over HTTPS (`Secure`, `__Host-` prefix).
    #[arg(long, env = "MIZ_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Single sign-on for staff: the agency's OpenID Connect issuer (found by discovery).
    #[arg(long, env = "MIZ_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The desk's client id at the provider.
    #[arg(long, env = "MIZ_OIDC_CLIENT_ID", default_value = "")]
    pub oidc_client_id: String,
    /// The client's secret (client_secret_basic); without it, a public client with PKCE.
    #[arg(long, env = "MIZ_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The callback address registered at the provider, when the desk cannot tell it from the
    /// request (`https://desk.example.ir/api/v1/staff/oidc/callback`).
    #[arg(long, env = "MIZ_OIDC_REDIRECT_URI")]
    pub oidc_redirect_uri: Option<String>,
    /// What the sign-in page's single sign-on button says.
    #[arg(long, env = "MIZ_OIDC_LABEL", default_value = "ورود با حساب یکپارچه دستگاه")]
    pub oidc_label: String,
}

impl ServeConfig {
    /// Settings for tests: a given database and dist, any free port.
    pub fn for_test(db: PathBuf, dist: PathBuf) -> Self {
        ServeConfig {
            host: "127.0.0.1".into(),
            port: 0,
            db,
            dist,
            agency: "tehran-culture".into(),
            no_demo: false,
            connect_src: String::new(),
            admin_token: Some("test-admin-token".into()),
            writes_per_minute: 30,
            lookup_failures: 10,
            premoderate: false,
            base_path: "/".into(),
            cors_origins: String::new(),
            trusted_proxies: String::new(),
            connections_per_address: 256,
            secure_cookies: false,
            oidc_issuer: None,
            oidc_client_id: String::new(),
            oidc_client_secret: None,
            oidc_redirect_uri: None,
            oidc_label: "ورود با حساب یکپارچه دستگاه".into(),
        }
    }
}
