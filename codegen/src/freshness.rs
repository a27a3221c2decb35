//! Compares generated files with what is on disk, for `--check` and the freshness test.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::print::GeneratedFile;

/// A unified diff of every file that differs from `files`, is missing, or is on disk
/// but would not be generated. Empty when `dir` is up to date.
pub fn stale_report(dir: &Path, files: &[GeneratedFile]) -> Result<String, Error> {
    let mut report = String::new();
    let mut on_disk = files_on_disk(dir)?;
    for file in files {
        on_disk.remove(&file.path);
        let current = fs::read_to_string(dir.join(&file.path)).unwrap_or_default();
        if current != file.contents {
            let diff = similar::TextDiff::from_lines(&current, &file.contents);
            let old = format!("a/{}", file.path);
            let new = format!("b/{}", file.path);
            report.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&old, &new)
                    .to_string(),
            );
        }
    }
    for extra in on_disk {
        report.push_str(&format!(
            "--- a/{extra}\n+++ /dev/null\n(not generated: would be removed)\n"
        ));
    }
    Ok(report)
}

/// Every file below `dir`, relative to it, leaving out build output.
fn files_on_disk(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).map_err(io(&current))? {
            let path = entry.map_err(io(&current))?.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "target" || relative == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                out.insert(relative);
            }
        }
    }
    Ok(out)
}
