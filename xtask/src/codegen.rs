//! `cargo xtask codegen`: collection in, crate out, written atomically or checked for staleness.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use mainwp_codegen::ir::{Api, Resource};
use mainwp_codegen::GeneratedFile;

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
    /// Do not write: fail with a diff when the files on disk differ from what would be generated.
    #[arg(long)]
    check: bool,
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
    let (api, files) = mainwp_codegen::generate_file(&collection, name.as_deref())?;
    for warning in &api.warnings {
        eprintln!("warning: {warning}");
    }
    if args.check {
        let stale = mainwp_codegen::freshness::stale_report(&out, &files)?;
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
            summary(&api, &files, started)
        );
        return Ok(());
    }
    mainwp_codegen::write::write_crate(&out, &files)?;
    println!(
        "wrote {} ({})",
        out.display(),
        summary(&api, &files, started)
    );
    Ok(())
}

fn find_collection(dir: &Path) -> Result<PathBuf> {
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

fn summary(api: &Api, files: &[GeneratedFile], started: Instant) -> String {
    fn count(resource: &Resource) -> (usize, usize) {
        resource.children.iter().map(count).fold(
            (resource.children.len(), resource.operations.len()),
            |(r, o), (cr, co)| (r + cr, o + co),
        )
    }
    let (resources, operations) = count(&api.root);
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    format!(
        "{resources} resources, {operations} operations, {} types, {} files, {lines} lines in {:.2?}",
        api.types.len(),
        files.len(),
        started.elapsed()
    )
}
