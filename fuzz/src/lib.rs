//! The fuzz target of the generator and what the stable fallback runner needs.
//!
//! [`generate`] is the one target function: the libFuzzer harness
//! (`fuzz_targets/generate.rs`, `cargo fuzz run generate`, nightly) and the stable
//! runner (`src/bin/stable_fuzz.rs`) both call it.

use std::path::{Path, PathBuf};

/// Feeds `data` through parse -> lower -> emit. Anything may be rejected, but with an
/// error that has a message; a panic is a bug. Every Rust file emitted must parse.
pub fn generate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let collection = match mainwp_codegen::postman::parse_str(text, "fuzz.json") {
        Ok(collection) => collection,
        Err(err) => {
            assert!(
                !err.to_string().trim().is_empty(),
                "a parse error without a message"
            );
            return;
        }
    };
    let api = match mainwp_codegen::model(&collection, None) {
        Ok(model) => model.api,
        Err(err) => {
            assert!(
                !err.to_string().trim().is_empty(),
                "a lowering error without a message"
            );
            return;
        }
    };
    match mainwp_codegen::print::print(mainwp_codegen::emit::emit(&api)) {
        Ok(files) => {
            for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(err) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {err}", file.path);
                }
            }
        }
        // Emit errors are generator bugs (code that does not parse), not bad input.
        Err(err) => panic!("emit failed: {err}"),
    }
}

/// The seed corpus: every fixture collection and the committed MainWP collection.
pub fn seed_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in [
        "tests/fixtures/collections",
        "tests/fixtures/invalid",
        "collection",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        out.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json")),
        );
    }
    out.sort();
    out
}
