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
