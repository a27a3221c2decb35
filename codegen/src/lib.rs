//! Turns a Postman collection into a typed Rust client crate.
//!
//! The stages are separate modules: [`postman`] parses, [`lower`] (with [`infer`] and
//! [`naming`]) decides everything and yields the [`ir`], [`emit`] turns the IR into
//! tokens and [`format`](mod@format) into files.

pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod freshness;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod postman;
pub mod write;

pub use error::Error;

use std::path::Path;

/// Reads a collection file and returns the files of its client crate.
pub fn generate_file(
    collection: &Path,
    crate_name: Option<&str>,
) -> Result<(ir::Api, Vec<emit::GeneratedFile>), Error> {
    let parsed = postman::parse_file(collection)?;
    generate(&parsed, crate_name).map_err(|err| err.in_file(&collection.display().to_string()))
}

/// Lowers and emits a parsed collection, then lays the Rust files out as `cargo fmt`
/// would (a warning in `Api::warnings` says so when rustfmt cannot run).
pub fn generate(
    collection: &postman::Collection,
    crate_name: Option<&str>,
) -> Result<(ir::Api, Vec<emit::GeneratedFile>), Error> {
    let mut api = lower::lower(collection, crate_name)?;
    let mut files = emit::emit(&api)?;
    if let Some(warning) = format::rustfmt(&mut files, emit::EDITION) {
        api.warnings.push(warning);
    }
    Ok((api, files))
}
