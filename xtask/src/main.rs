//! Maintainer tasks: `cargo xtask codegen` regenerates the client crate from the collection.

mod codegen;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "xtask",
    about = "Maintainer tasks of the MainWP client generator"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the client crate from a Postman collection.
    Codegen(codegen::Args),
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Codegen(args) => codegen::run(&args),
    }
}
