//! Shared helpers for the workspace tests: where things are, and the fixture corpus.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The committed MainWP collection.
pub fn mainwp_collection() -> PathBuf {
    workspace().join("collection/mainwp-rest-api-v2.postman_collection.json")
}

/// Every fixture collection that must generate, sorted by name.
pub fn fixture_collections() -> Vec<PathBuf> {
    let dir = workspace().join("tests/fixtures/collections");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    out.sort();
    out
}

/// A fixture's short name: its file name without the extension.
pub fn fixture_name(path: &Path) -> String {
    path.file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_end_matches(".postman_collection.json")
                .to_string()
        })
        .unwrap_or_default()
}

/// The generated files of a crate that were not copied from the runtime, concatenated
/// with their paths: what a reviewer reads in a code snapshot.
pub fn generated_sources(files: &[mainwp_codegen::emit::GeneratedFile]) -> String {
    files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
        .map(|f| format!("==> {} <==\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}
