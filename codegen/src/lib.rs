//! Turns a Postman collection into a typed Rust client crate.
//!
//! The stages are separate modules: [`postman`] parses, [`lower`] (with [`infer`] and
//! [`naming`]) decides everything and yields the [`ir`], [`emit`] turns the IR into
//! tokens per file and [`print`] into text.

pub mod emit;
pub mod error;
pub mod freshness;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod postman;
pub mod print;
pub mod write;

pub use error::Error;
pub use print::GeneratedFile;

use std::path::Path;

/// Reads a collection file and returns the files of its client crate.
pub fn generate_file(
    collection: &Path,
    crate_name: Option<&str>,
) -> Result<(ir::Api, Vec<GeneratedFile>), Error> {
    let parsed = postman::parse_file(collection)?;
    generate(&parsed, crate_name).map_err(|err| err.in_file(&collection.display().to_string()))
}

/// Lowers, emits and prints a parsed collection.
pub fn generate(
    collection: &postman::Collection,
    crate_name: Option<&str>,
) -> Result<(ir::Api, Vec<GeneratedFile>), Error> {
    let api = lower::lower(collection, crate_name)?;
    let files = print::print(emit::emit(&api))?;
    Ok((api, files))
}
