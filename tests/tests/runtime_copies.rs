//! The runtime is one crate (`runtime/`, package `mainwp-runtime`), formatted, linted and
//! tested as itself; every generated crate carries a byte-for-byte copy of its sources.

use std::collections::BTreeMap;
use std::path::Path;

use workspace_tests::{fixture_collections, workspace};

/// `*.rs` files directly in `dir`, by name.
fn rust_files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("readable");
            (name, text)
        })
        .collect()
}

#[test]
fn committed_runtime_copy_is_byte_identical_to_the_runtime_crate() {
    let source = rust_files(&workspace().join("runtime/src"));
    assert!(
        source.contains_key("mod.rs"),
        "the runtime's root is mod.rs"
    );
    let copy = rust_files(&workspace().join("generated/src/runtime"));
    assert_eq!(
        source.keys().collect::<Vec<_>>(),
        copy.keys().collect::<Vec<_>>(),
        "generated/src/runtime/ has other files than runtime/src/"
    );
    for (name, text) in &source {
        assert!(
            copy[name] == *text,
            "generated/src/runtime/{name} differs from runtime/src/{name}"
        );
    }
}

#[test]
fn every_generated_crate_carries_the_runtime_unchanged() {
    let source = rust_files(&workspace().join("runtime/src"));
    let fixture = fixture_collections().into_iter().next().expect("a fixture");
    let generated = mainwp_codegen::generate_file(&fixture, None).expect("generates");
    let copy: BTreeMap<String, String> = generated
        .files
        .iter()
        .filter_map(|f| {
            let name = f.path.strip_prefix("src/runtime/")?;
            Some((name.to_string(), f.contents.clone()))
        })
        .collect();
    assert_eq!(copy, source);
}
