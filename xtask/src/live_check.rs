//! `cargo xtask live-check ARGS`: forwards to the `live-check` package
//! (`cargo run --quiet --package live-check -- ARGS`).
//!
//! xtask does not depend on the generated crate, so that the generator still builds when
//! `generated/` does not; the check is built on demand by cargo instead.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::codegen::workspace_root;

#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// Arguments for live-check (`cargo xtask live-check --help` shows them).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

pub fn run(args: &Args) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args(["run", "--quiet", "--package", "live-check", "--"])
        .args(&args.args)
        .status()
        .context("could not start `cargo run --package live-check`")?;
    match status.code() {
        Some(0) => Ok(()),
        // The check already said what failed; pass its status on unchanged.
        Some(code) => std::process::exit(code),
        None => bail!("live-check was terminated by a signal"),
    }
}
