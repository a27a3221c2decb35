//! `cargo xtask codegen`: collection in, crate out, written atomically or checked for staleness.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use mainwp_codegen::emit::GeneratedFile;
use mainwp_codegen::ir::{Api, Resource};

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
    write_atomically(&out, &files)?;
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

/// Writes the crate into a fresh sibling directory, then swaps it in, so a failed or
/// interrupted run leaves the previous files as they were.
fn write_atomically(out: &Path, files: &[GeneratedFile]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let base = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_string());
    let staging = parent.join(format!(".{base}.staging-{}", std::process::id()));
    let backup = parent.join(format!(".{base}.previous-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| -> Result<()> {
        for file in files {
            let path = staging.join(&file.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &file.contents)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    })();
    if let Err(err) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if out.exists() {
        fs::rename(out, &backup).with_context(|| format!("moving {} aside", out.display()))?;
    }
    if let Err(err) = fs::rename(&staging, out) {
        // Put the previous crate back before reporting.
        let _ = fs::rename(&backup, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(err).with_context(|| format!("moving the new crate into {}", out.display()));
    }
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}
