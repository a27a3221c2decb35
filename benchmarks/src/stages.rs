//! The stages of the code generator, run one at a time so each can be timed.
//!
//! `mainwp_codegen::emit::emit` builds the tokens of each file and formats them
//! (`syn::parse2` + `prettyplease::unparse`, in `format::rust_file`) in one call, so
//! the library gives no way to time token building alone. [`format_inputs`] recovers
//! the formatting cost: it re-tokenizes the emitted Rust files, and [`format_all`]
//! runs exactly `format::rust_file` on those tokens. Token building is then
//! `emit+format - format`; the estimate is close because re-lexing the printed file
//! gives the same token trees (doc comments included) that emit produced.

use std::path::Path;

use mainwp_codegen::emit::GeneratedFile;
use mainwp_codegen::ir::Api;
use mainwp_codegen::postman::Collection;
use proc_macro2::TokenStream;

pub fn parse(text: &str) -> Collection {
    mainwp_codegen::postman::parse_str(text, "bench").expect("the collection parses")
}

pub fn lower(collection: &Collection) -> Api {
    mainwp_codegen::lower::lower(collection, Some("mainwp")).expect("the collection lowers")
}

/// Tokens and formatting of every file (one library call).
pub fn emit(api: &Api) -> Vec<GeneratedFile> {
    mainwp_codegen::emit::emit(api).expect("the API emits")
}

/// The Rust files of an emitted crate as token streams, ready for [`format_all`].
pub fn format_inputs(files: &[GeneratedFile]) -> Vec<(String, TokenStream)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| {
            let tokens: TokenStream = f.contents.parse().expect("emitted Rust lexes");
            (f.path.clone(), tokens)
        })
        .collect()
}

/// `format::rust_file` on every file; returns the bytes produced.
pub fn format_all(inputs: Vec<(String, TokenStream)>) -> usize {
    inputs
        .into_iter()
        .map(|(path, tokens)| {
            mainwp_codegen::format::rust_file(&path, tokens)
                .expect("emitted Rust formats")
                .len()
        })
        .sum()
}

/// Writes every file below `dir`, as `cargo xtask codegen` does (without the final
/// rename, which is one syscall).
pub fn write(dir: &Path, files: &[GeneratedFile]) {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating a directory");
        }
        std::fs::write(&path, &file.contents).expect("writing a file");
    }
}

/// Lines and bytes of the generated files.
pub fn size(files: &[GeneratedFile]) -> (usize, usize) {
    files.iter().fold((0, 0), |(lines, bytes), f| {
        (lines + f.contents.lines().count(), bytes + f.contents.len())
    })
}
