//! `generated/` is exactly what the committed collection gives (rust-analyzer's habit:
//! regenerate in memory and compare).

use workspace_tests::{mainwp_collection, workspace};

#[test]
fn generated_crate_is_fresh() {
    let mut files = mainwp_codegen::generate_file(&mainwp_collection(), Some("mainwp"))
        .expect("the collection generates")
        .files;
    // The version is the maintainer's (`cargo xtask codegen --bump`), kept as committed.
    mainwp_codegen::diff::version::keep_version(&mut files, &workspace().join("generated"));
    let report = mainwp_codegen::freshness::stale_report(&workspace().join("generated"), &files)
        .expect("generated/ is readable");
    assert!(
        report.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n{report}"
    );
}

#[test]
fn a_changed_file_is_reported_with_a_diff() {
    let mut files = mainwp_codegen::generate_file(&mainwp_collection(), Some("mainwp"))
        .expect("the collection generates")
        .files;
    let lib = files
        .iter_mut()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs");
    lib.contents.push_str("// drift\n");
    let report = mainwp_codegen::freshness::stale_report(&workspace().join("generated"), &files)
        .expect("readable");
    assert!(
        report.contains("b/src/lib.rs") && report.contains("+// drift"),
        "{report}"
    );
}
