//! `cargo xtask codegen`: collection in, crate out, written atomically or checked for staleness.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use mainwp_codegen::ir::Api;
use mainwp_codegen::write::Staging;
use mainwp_codegen::Diagnostics;
use mainwp_codegen::GeneratedFile;
use mainwp_codegen::{Options, Profile};

#[derive(clap::Args)]
pub struct Args {
    /// The collection to read (default: the one `*.postman_collection.json` in `collection/`).
    #[arg(long)]
    collection: Option<PathBuf>,
    /// Where to write the crate (default: `generated/`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The crate's package name (default: `mainwp` for the committed collection, else from the collection's name).
    #[arg(long)]
    name: Option<String>,
    /// The API family's conventions: `mainwp` or `generic` (default: detected from the
    /// collection, MainWP when its requests go below `/wp-json/mainwp/`).
    #[arg(long)]
    profile: Option<String>,
    /// Do not write: fail with a diff when the files on disk differ from what would be generated.
    #[arg(long)]
    check: bool,
    /// Raise the crate version in `Cargo.toml` by the class of the changes against the
    /// committed collection (see `cargo xtask diff`).
    #[arg(long)]
    bump: bool,
}

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn run(args: &Args) -> Result<()> {
    let started = Instant::now();
    let root = workspace_root();
    let collection = match &args.collection {
        Some(path) => path.clone(),
        None => find_collection(&root.join("collection"))?,
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let name = args
        .name
        .clone()
        .or_else(|| args.collection.is_none().then(|| "mainwp".to_string()));
    let profile = match args.profile.as_deref() {
        None => None,
        Some(wanted) => Some(Profile::named(wanted).with_context(|| {
            let known: Vec<&str> = Profile::ALL.iter().map(|(name, _)| *name).collect();
            format!("unknown profile `{wanted}`; known: {}", known.join(", "))
        })?),
    };
    // Files are written into a staging folder as they are printed, so that writing overlaps
    // printing; `out` is only replaced once everything succeeded.
    let staging = (!args.check).then(|| Staging::new(&out)).transpose()?;
    let write = |file: &GeneratedFile| staging.as_ref().map_or(Ok(()), |s| s.write(file));
    let mut generated = mainwp_codegen::generate_file_each(
        &collection,
        Options {
            crate_name: name.as_deref(),
            profile,
        },
        &write,
    )?;
    print_warnings(&generated.diagnostics);
    let changes = crate::diff::version_generated_crate(
        &collection,
        &generated.api,
        &out,
        &mut generated.files,
        args.bump,
    )?;
    let (api, files) = (&generated.api, &generated.files);
    if args.check {
        let stale = mainwp_codegen::freshness::stale_report(&out, files)?;
        if !stale.is_empty() {
            eprint!("{stale}");
            bail!(
                "{} is stale: run `cargo xtask codegen` and commit the result",
                out.display()
            );
        }
        println!(
            "{} is up to date ({})",
            out.display(),
            summary(api, files, &generated.diagnostics, started)
        );
        println!("{changes}");
        return Ok(());
    }
    let staging = staging.context("a run that writes has a staging folder")?;
    // Versioning may have changed the manifest after it was written.
    for manifest in files.iter().filter(|file| file.path == "Cargo.toml") {
        staging.write(manifest)?;
    }
    staging.swap_in()?;
    println!(
        "wrote {} ({})",
        out.display(),
        summary(api, files, &generated.diagnostics, started)
    );
    println!("{changes}");
    Ok(())
}

pub fn find_collection(dir: &Path) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!("no *.postman_collection.json in {}", dir.display()),
        _ => bail!(
            "several collections in {}; pick one with --collection",
            dir.display()
        ),
    }
}

/// Warnings grouped by what they are about, each group under its heading.
fn print_warnings(diagnostics: &Diagnostics) {
    for (kind, warnings) in diagnostics.warnings_by_kind() {
        eprintln!("warning: {} ({}):", kind.heading(), warnings.len());
        for warning in warnings {
            eprintln!("  {warning}");
        }
    }
}

fn summary(
    api: &Api,
    files: &[GeneratedFile],
    diagnostics: &Diagnostics,
    started: Instant,
) -> String {
    let resources = api.resources().len() - 1;
    let operations = api.operations().count();
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    format!(
        "{resources} resources, {operations} operations, {} types, {} files, {lines} lines, {} warnings in {:.2?}",
        api.types.len(),
        files.len(),
        diagnostics.warnings().count(),
        started.elapsed()
    )
}
