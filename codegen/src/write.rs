//! Writes a generated crate so that a failed or interrupted run never leaves it half-written.

use std::fs;
use std::path::{Path, PathBuf};

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
    let staging = Staging::new(out)?;
    files.iter().try_for_each(|file| staging.write(file))?;
    staging.swap_in()
}

/// A crate being written: a fresh sibling folder of `out` that files go into one by one
/// (from any thread), and that replaces `out` only when [`Staging::swap_in`] is called.
/// Dropped before that, it is removed and `out` is as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    backup: PathBuf,
}

impl Staging {
    /// Creates the folder the files of `out` are written into.
    pub fn new(out: &Path) -> Result<Staging, Error> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let base = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".to_string());
        let dir = parent.join(format!(".{base}.staging-{}", std::process::id()));
        let backup = parent.join(format!(".{base}.previous-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).map_err(io(&dir))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            backup,
        })
    }

    /// Writes one file (again, if it was written before).
    pub fn write(&self, file: &GeneratedFile) -> Result<(), Error> {
        let path = self.dir.join(&file.path);
        if let Some(dir) = path.parent().filter(|dir| *dir != self.dir) {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        fs::write(&path, &file.contents).map_err(io(&path))
    }

    /// Replaces `out` with what was written.
    pub fn swap_in(self) -> Result<(), Error> {
        let out = self.out.as_path();
        if out.exists() {
            fs::rename(out, &self.backup).map_err(io(out))?;
        }
        if let Err(err) = fs::rename(&self.dir, out) {
            let _ = fs::rename(&self.backup, out);
            return Err(io(out)(err));
        }
        let _ = fs::remove_dir_all(&self.backup);
        Ok(())
    }
}

impl Drop for Staging {
    /// Removes what was written, if it was not swapped in (then it is gone already).
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}
