//! Maintainer tasks: `cargo xtask codegen` regenerates the client crate from the collection;
//! `cargo xtask live-check` checks the generated client against a real Dashboard;
//! `cargo xtask diff` says what a new collection changes for the crate's users;
//! `cargo xtask capture` saves a real Dashboard's answers as examples in the collection.

mod capture;
mod codegen;
mod diff;
mod live_check;

use anyhow::Result;
use clap::{Parser, Subcommand};

// Code generation is allocation-bound (token streams, syn trees): with glibc's malloc a
// third of `codegen` is spent in the allocator, and it grows faster than the collection
// (BENCHMARKS.md). mimalloc removes most of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Check the generated client against a real Dashboard (runs the live-check package).
    LiveCheck(live_check::Args),
    /// What a new collection changes for users of the generated crate, and the bump it needs.
    Diff(diff::Args),
    /// Call the collection's requests against a real Dashboard and save the answers as examples.
    Capture(capture::Args),
}

fn main() -> Result<()> {
    no_transparent_huge_pages();
    match Cli::parse().task {
        Task::Codegen(args) => codegen::run(&args),
        Task::LiveCheck(args) => live_check::run(&args),
        Task::Diff(args) => diff::run(&args),
        Task::Capture(args) => capture::run(&args),
    }
}

/// Transparent huge pages cost a process this short more than they save: the first touch
/// of a 2 MiB page zeroes all of it, and where memory is fragmented (after a large build,
/// say) the kernel compacts memory first to find one. Side by side after the usual
/// route's tools, `codegen` took 0.162 s with them and 0.115 s without (median of 11,
/// BENCHMARKS.md). The setting belongs to this process and ends with it.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers only and reads or writes no memory of
    // this process; a kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}
