//! `cargo xtask codegen` as the binary: files are written into a staging folder while
//! they are printed, and the output folder changes only when the whole run succeeds.

mod common;

use std::path::Path;
use std::process::Output;

use common::{succeeded, workspace, xtask};

fn codegen(collection: &Path, out: &Path) -> Output {
    let (collection, out) = (collection.display().to_string(), out.display().to_string());
    xtask(&["codegen", "--collection", &collection, "--out", &out])
}

/// Generates from a fixture collection that is valid, and checks that it worked.
fn codegen_ok(out: &Path) {
    let good =
        workspace().join("tests/fixtures/collections/auth_all_types.postman_collection.json");
    succeeded(&codegen(&good, out));
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_run_leaves_the_output_as_it_was_and_no_staging_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    codegen_ok(&out);
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("written");
    assert!(out.join("src/lib.rs").exists());

    let broken = workspace().join("tests/fixtures/invalid/item_is_string.json");
    let second = codegen(&broken, &out);
    assert!(!second.status.success(), "an invalid collection fails");
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).expect("still there"),
        manifest
    );
    assert_eq!(
        names(dir.path()),
        ["client"],
        "nothing is left beside the output"
    );
}

#[test]
fn a_run_replaces_the_output_with_exactly_the_new_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("client");
    std::fs::create_dir_all(out.join("src")).expect("dir");
    std::fs::write(out.join("src/stale.rs"), "// from an older run\n").expect("stale file");
    codegen_ok(&out);
    assert!(
        !out.join("src/stale.rs").exists(),
        "a file no longer generated is gone"
    );
    assert!(out.join("src/lib.rs").exists() && out.join("Cargo.toml").exists());
    assert_eq!(
        names(dir.path()),
        ["client"],
        "nothing is left beside the output"
    );
}
