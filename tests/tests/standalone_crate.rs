//! `--out` writes a complete crate that builds on its own, and writing is atomic.

use std::process::Command;

use mainwp_codegen::GeneratedFile;
use workspace_tests::workspace;

#[test]
fn a_generated_crate_builds_on_its_own() {
    let fixture = workspace()
        .join("tests/fixtures/collections/nested_folders_three_levels.postman_collection.json");
    let files = mainwp_codegen::generate_file(&fixture, Some("standalone-check"))
        .expect("generates")
        .files;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("standalone-check");
    mainwp_codegen::write::write_crate(&out, &files).expect("writes");
    assert!(
        out.join("Cargo.toml").is_file()
            && out.join("src/lib.rs").is_file()
            && out.join("src/runtime/mod.rs").is_file()
    );
    // Its own target dir under ours, so reruns are incremental and no lock is shared.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--all-targets", "--quiet"])
        .current_dir(&out)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/standalone-check"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the standalone crate does not build");
}

fn file(path: &str, contents: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.to_string(),
        contents: contents.to_string(),
    }
}

#[test]
fn a_failed_write_leaves_the_previous_crate_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("crate");
    mainwp_codegen::write::write_crate(&out, &[file("src/lib.rs", "// one\n")])
        .expect("first write");
    // A path that cannot be a file (it climbs out through a file) fails mid-way.
    let broken = [
        file("src/lib.rs", "// two\n"),
        file("src/lib.rs/inner.rs", "x"),
    ];
    let err =
        mainwp_codegen::write::write_crate(&out, &broken).expect_err("cannot write below a file");
    assert!(
        err.to_string().contains("inner.rs") || err.to_string().contains("lib.rs"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).expect("still there"),
        "// one\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no staging directory is left behind: {leftovers:?}"
    );
}

#[test]
fn a_rewrite_removes_files_that_are_no_longer_generated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("crate");
    mainwp_codegen::write::write_crate(
        &out,
        &[file("src/lib.rs", "// a\n"), file("src/old.rs", "// old\n")],
    )
    .expect("first");
    mainwp_codegen::write::write_crate(&out, &[file("src/lib.rs", "// b\n")]).expect("second");
    assert!(!out.join("src/old.rs").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).expect("lib"),
        "// b\n"
    );
}
