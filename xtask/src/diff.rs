//! `cargo xtask diff OLD NEW`: what a new collection changes for the users of the
//! generated crate, and the version bump it needs; also the change count and `--bump`
//! of `cargo xtask codegen`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use mainwp_codegen::diff::{self, report, version, Report, Semver};
use mainwp_codegen::ir::Api;
use mainwp_codegen::GeneratedFile;

use crate::codegen::workspace_root;

/// The exit status when `--fail-on` is reached (1 is any error, 2 a usage error).
pub const EXIT_BUMP_REACHED: i32 = 3;

#[derive(clap::Args)]
pub struct Args {
    /// The older collection: a file, `REV:PATH` (read with `git show`, PATH from the
    /// repository root), or `REV` alone for that revision of the committed collection.
    old: String,
    /// The newer collection, as OLD (default: the collection in `collection/`).
    new: Option<String>,
    /// Print JSON instead of Markdown.
    #[arg(long)]
    json: bool,
    /// Exit with status 3 when the bump needed reaches this class.
    #[arg(long, value_name = "CLASS", value_parser = ["major", "minor", "patch"])]
    fail_on: Option<String>,
}

pub fn run(args: &Args) -> Result<()> {
    let root = workspace_root();
    let committed = crate::codegen::find_collection(&root.join("collection"))?;
    // The report names the default by its place in the workspace, not on this machine.
    let (new_spec, new_name) = match &args.new {
        Some(spec) => (spec.clone(), spec.clone()),
        None => (
            committed.display().to_string(),
            committed
                .strip_prefix(&root)
                .unwrap_or(&committed)
                .display()
                .to_string(),
        ),
    };
    let old = load(&root, &committed, &args.old)?;
    let new = load(&root, &committed, &new_spec)?;
    let report = diff::compare(&old, &new);
    if args.json {
        print!("{}", report::json(&report));
    } else {
        print!("{}", report::markdown(&report, &args.old, &new_name));
    }
    let threshold = args.fail_on.as_deref().and_then(Semver::parse);
    if threshold.is_some_and(|class| report.semver >= class) {
        std::process::exit(EXIT_BUMP_REACHED);
    }
    Ok(())
}

/// The API model of one side: a file if it exists, else a git revision spec.
fn load(root: &Path, committed: &Path, spec: &str) -> Result<Api> {
    let text = if Path::new(spec).is_file() {
        std::fs::read_to_string(spec).with_context(|| format!("reading {spec}"))?
    } else if spec.contains(':') {
        git_show(root, spec)?
    } else if spec.ends_with(".json") {
        bail!("{spec}: no such file");
    } else {
        let relative = committed.strip_prefix(root).unwrap_or(committed);
        git_show(root, &format!("{spec}:{}", relative.display()))?
    };
    Ok(diff::load_api(&text, spec)?)
}

fn git_show(dir: &Path, object: &str) -> Result<String> {
    let output = Command::new("git")
        .arg("show")
        .arg(object)
        .current_dir(dir)
        .output()
        .context("could not run `git show`")?;
    if !output.status.success() {
        bail!(
            "`git show {object}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("{object} is not UTF-8"))
}

/// For `cargo xtask codegen`: compares the new model with the committed version of
/// the collection, keeps the crate version already in `out` (raised by the change's
/// class with `bump`, from the version committed, so a rerun does not bump twice) and
/// returns the line to print after the summary.
pub fn version_generated_crate(
    collection: &Path,
    api: &Api,
    out: &Path,
    files: &mut [GeneratedFile],
    bump: bool,
) -> Result<String> {
    let current = version::keep_version(files, out);
    let committed = committed_text(collection)
        .map(|text| diff::load_api(&text, &format!("HEAD:{}", collection.display())));
    let report: Report = match committed {
        Some(Ok(old)) => diff::compare(&old, api),
        Some(Err(err)) => {
            return Ok(format!(
                "changes: the committed collection does not load: {err}"
            ))
        }
        None if bump => bail!(
            "--bump: {} has no committed version to compare with",
            collection.display()
        ),
        None => {
            return Ok(
                "changes: no committed version of the collection to compare with".to_string(),
            )
        }
    };
    let mut line = format!(
        "changes against HEAD: {} (bump: {})",
        report.counts(),
        report.semver
    );
    if bump {
        let base = committed_text(&out.join("Cargo.toml"))
            .as_deref()
            .and_then(|toml| version::manifest_version(toml).map(str::to_string))
            .or(current)
            .context("the generated Cargo.toml has no version")?;
        let next = diff::next_version(&base, report.semver)?;
        version::set_version(files, &next);
        line.push_str(&format!("; version {base} -> {next}"));
    }
    Ok(line)
}

/// A file as committed at HEAD, if it is in a git repository and committed.
fn committed_text(path: &Path) -> Option<String> {
    let absolute: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let dir = absolute.parent()?;
    let name = absolute.file_name()?.to_str()?;
    git_show(dir, &format!("HEAD:./{name}")).ok()
}
