//! `live-check`: see the library's documentation, or `live-check --help`.

use std::process::ExitCode;

use clap::Parser;
use live_check::cli::Args;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = match args.config(|name| std::env::var_os(name)) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("live-check: {error}");
            return ExitCode::from(2);
        }
    };
    if config.include_child_sites && !config.write {
        eprintln!("live-check: --include-child-sites only has an effect with --write");
    }
    let report = match live_check::run(&config).await {
        Ok(report) => report,
        Err(error) => {
            eprintln!("live-check: {error}");
            return ExitCode::from(2);
        }
    };
    print!("{}", report.to_table());
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        if let Err(error) = std::fs::write(path, text + "\n") {
            eprintln!("live-check: could not write {}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::from(u8::try_from(report.exit_code()).unwrap_or(1))
}
