//! Writes a generated crate so that a failed or interrupted run never leaves it half-written.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::print::GeneratedFile;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `files` into a fresh sibling of `out`, then swaps it in with two renames: until
/// the swap, `out` is untouched; if the swap fails, the previous crate is put back.
/// Every file below `out` that is not in `files` is gone afterwards.
pub fn write_crate(out: &Path, files: &[GeneratedFile]) -> Result<(), Error> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io(parent))?;
    let base = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_string());
    let staging = parent.join(format!(".{base}.staging-{}", std::process::id()));
    let backup = parent.join(format!(".{base}.previous-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let staged = files.iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        fs::write(&path, &file.contents).map_err(io(&path))
    });
    if let Err(err) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    if out.exists() {
        fs::rename(out, &backup).map_err(io(out))?;
    }
    if let Err(err) = fs::rename(&staging, out) {
        let _ = fs::rename(&backup, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(io(out)(err));
    }
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}
