use clap::Parser;
use miz_server::config::Cli;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MIZ_LOG")
                .unwrap_or_else(|_| "miz_server=info,tower_http=warn".into()),
        )
        .init();
    ignore_file_size_signal();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(miz_server::config::Command::Admin(args)) => miz_server::admin_cli::run(&cli.serve.db, args.action).await,
        None => miz_server::serve(cli.serve).await,
    };
    if let Err(e) = result {
        eprintln!("miz-server: {e}");
        std::process::exit(1);
    }
}

/// A file-size limit (`ulimit -f`) reached while writing the database would otherwise kill the
/// server with SIGXFSZ; ignored, the write fails with EFBIG and the request gets a 503, like a
/// full disk, while everything that only reads keeps working.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: SIG_IGN installs no handler, so no Rust code runs in signal context.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
