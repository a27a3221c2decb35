//! `cargo xtask diff OLD NEW`: what a new collection changes for the users of the
//! generated crate, and the version bump it needs; also the change count and `--bump`
//! of `cargo xtask codegen`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use mainwp_codegen::diff::surface::{self, Surface, SurfaceChange};
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
/// the collection, and the new crate's public API with the crate committed in `out`
/// (which also sees what a new generator changed); keeps the crate version already in
/// `out`, raised by the larger of the two classes with `bump` (from the version
/// committed, so a rerun does not bump twice); returns the lines to print after the
/// summary.
pub fn version_generated_crate(
    collection: &Path,
    api: &Api,
    out: &Path,
    files: &mut [GeneratedFile],
    bump: bool,
) -> Result<String> {
    let current = version::keep_version(files, out);
    let mut lines = Vec::new();
    let mut needed = None;
    match committed_text(collection)
        .map(|text| diff::load_api(&text, &format!("HEAD:{}", collection.display())))
    {
        Some(Ok(old)) => {
            let report: Report = diff::compare(&old, api);
            lines.push(format!(
                "changes against HEAD: {} (bump: {})",
                report.counts(),
                report.semver
            ));
            needed = Some(report.semver);
        }
        Some(Err(err)) => lines.push(format!(
            "changes: the committed collection does not load: {err}"
        )),
        None => lines
            .push("changes: no committed version of the collection to compare with".to_string()),
    }
    if let Some(old_files) = committed_crate(out) {
        let old = Surface::read(old_files.iter().map(|(p, t)| (p.as_str(), t.as_str())))?;
        let new = Surface::read(files.iter().map(|f| (f.path.as_str(), f.contents.as_str())))?;
        let changes = surface::compare(&old, &new);
        let class = changes
            .iter()
            .map(|change| change.semver)
            .max()
            .unwrap_or(Semver::None);
        lines.push(surface_summary(&changes, class, new.len()));
        needed = needed.max(Some(class));
    }
    if bump {
        let Some(class) = needed else {
            bail!(
                "--bump: neither {} nor {} has a committed version to compare with",
                collection.display(),
                out.display()
            );
        };
        let base = committed_text(&out.join("Cargo.toml"))
            .as_deref()
            .and_then(|toml| version::manifest_version(toml).map(str::to_string))
            .or(current)
            .context("the generated Cargo.toml has no version")?;
        let next = diff::next_version(&base, class)?;
        version::set_version(files, &next);
        lines.push(format!("version {base} -> {next} ({class})"));
    }
    Ok(lines.join("\n"))
}

/// The most changes of the public API listed after the count; the rest are counted.
const SURFACE_CHANGES_SHOWN: usize = 20;

fn surface_summary(changes: &[SurfaceChange], class: Semver, items: usize) -> String {
    let count = |wanted: Semver| changes.iter().filter(|c| c.semver == wanted).count();
    let mut text = format!(
        "public API against HEAD's crate ({items} items): {} major, {} minor (bump: {class})",
        count(Semver::Major),
        count(Semver::Minor)
    );
    // Breaking changes first: they are what the maintainer must read.
    let mut shown: Vec<&SurfaceChange> = changes.iter().collect();
    shown.sort_by_key(|change| std::cmp::Reverse(change.semver));
    for change in shown.into_iter().take(SURFACE_CHANGES_SHOWN) {
        let spelled = match (&change.before, &change.after) {
            (Some(before), Some(after)) => format!("{before}  ->  {after}"),
            (Some(before), None) => format!("removed: {before}"),
            (None, Some(after)) => format!("added: {after}"),
            (None, None) => String::new(),
        };
        text.push_str(&format!(
            "\n  {:<5}  {}  {spelled}",
            change.semver, change.item
        ));
    }
    if changes.len() > SURFACE_CHANGES_SHOWN {
        text.push_str(&format!(
            "\n  ... and {} more",
            changes.len() - SURFACE_CHANGES_SHOWN
        ));
    }
    text
}

/// The Rust files under `src/` of the crate committed at HEAD in `out`, by their path
/// in the crate; `None` when `out` is not committed in a git repository.
fn committed_crate(out: &Path) -> Option<Vec<(String, String)>> {
    let listing = git_in(
        out,
        &["ls-tree", "-r", "--name-only", "HEAD", "--", "src"],
        None,
    )?;
    let paths: Vec<&str> = listing.lines().filter(|p| p.ends_with(".rs")).collect();
    if paths.is_empty() {
        return None;
    }
    let request: String = paths.iter().map(|p| format!("HEAD:./{p}\n")).collect();
    let batch = git_in(out, &["cat-file", "--batch"], Some(&request))?;
    let mut rest = batch.as_str();
    let mut files = Vec::new();
    for path in paths {
        // Each object: "<id> blob <size>\n<size bytes>\n".
        let (header, after) = rest.split_once('\n')?;
        let size: usize = header.rsplit(' ').next()?.parse().ok()?;
        files.push((
            format!("src/{}", path.strip_prefix("src/")?),
            after.get(..size)?.to_string(),
        ));
        rest = after.get(size + 1..)?;
    }
    Some(files)
}

/// Runs git in `dir` with `input` on its standard input; `None` if it fails, or if no
/// repository is there to ask.
fn git_in(dir: &Path, args: &[&str], input: Option<&str>) -> Option<String> {
    use std::io::Write;
    use std::process::Stdio;
    if !in_git_work_tree(dir) {
        return None;
    }
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let text = input.unwrap_or_default().to_string();
    // Written from another thread: git answers while it reads, and a full pipe would
    // block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).ok())
        .flatten()
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
    git_in(dir, &["show", &format!("HEAD:./{name}")], None)
}

/// Whether git could find a repository from `dir`: a `.git` in it or above, or one
/// named by `GIT_DIR`. Looking costs a few `stat`s, where asking git costs a process,
/// and `codegen` into a folder outside any repository asks twice.
fn in_git_work_tree(dir: &Path) -> bool {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    std::env::var_os("GIT_DIR").is_some()
        || dir.ancestors().any(|above| above.join(".git").exists())
}
