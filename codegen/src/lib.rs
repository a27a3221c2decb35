//! Turns a Postman collection into a typed Rust client crate.
//!
//! The stages are separate modules and hand data one way; none imports a later one:
//!
//! [`postman`] (parse) -> [`resolve`] -> [`lower`] (with [`infer`], [`naming`] and the
//! [`profile`]) -> [`check`] -> [`emit`] -> [`print`](mod@print).
//!
//! Every stage before emit reports problems to one [`Diagnostics`] collector, so a run
//! names every problem of a collection at once.

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod error;
pub mod freshness;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod postman;
pub mod print;
pub mod profile;
pub mod reserved;
pub mod resolve;
pub mod review;
pub mod write;

pub use diagnostics::Diagnostics;
pub use error::Error;
pub use print::GeneratedFile;
pub use profile::Profile;

use std::path::Path;

/// What a collection means ([`ir::Api`]) and what the generator had to work around.
#[derive(Debug, Clone)]
pub struct Model {
    pub api: ir::Api,
    /// Warnings only: a collection with errors gives no model.
    pub diagnostics: Diagnostics,
}

/// The files of a client crate, the model they came from and the warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<GeneratedFile>,
    pub diagnostics: Diagnostics,
}

/// What a run may be told beyond the collection itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Overrides the package name derived from the collection's name.
    pub crate_name: Option<&'a str>,
    /// The API family's conventions; detected from the collection when `None`
    /// ([`Profile::detect`]).
    pub profile: Option<&'a Profile>,
}

/// Reads a collection file and returns the files of its client crate.
pub fn generate_file(collection: &Path, crate_name: Option<&str>) -> Result<Generated, Error> {
    generate_file_with(
        collection,
        Options {
            crate_name,
            profile: None,
        },
    )
}

/// [`generate_file`] with every option.
pub fn generate_file_with(collection: &Path, options: Options<'_>) -> Result<Generated, Error> {
    generate_file_each(collection, options, &|_| Ok(()))
}

/// [`generate_file_with`], handing each file to `each` as soon as it is printed, on the
/// thread that printed it ([`print::emit_and_print_each`]), so that writing the crate
/// overlaps printing it.
pub fn generate_file_each(
    collection: &Path,
    options: Options<'_>,
    each: print::EachFile<'_>,
) -> Result<Generated, Error> {
    let parsed = postman::parse_file(collection)?;
    let mut generated = generate_each(&parsed, options, each)
        .map_err(|err| err.in_file(&collection.display().to_string()))?;
    generated
        .diagnostics
        .in_file(&collection.display().to_string());
    Ok(generated)
}

/// Resolves, lowers and checks a parsed collection with the [`Profile`] it is detected
/// to follow. Fails with every error found (in resolving, lowering and checking) when
/// there is any.
pub fn model(collection: &postman::Collection, crate_name: Option<&str>) -> Result<Model, Error> {
    model_with(
        collection,
        Options {
            crate_name,
            profile: None,
        },
    )
}

/// [`model`] with every option.
pub fn model_with(collection: &postman::Collection, options: Options<'_>) -> Result<Model, Error> {
    let mut diagnostics = Diagnostics::new();
    let resolved = resolve::resolve(collection, &mut diagnostics);
    let profile = options
        .profile
        .unwrap_or_else(|| Profile::detect(&resolved));
    let api = lower::lower(&resolved, profile, options.crate_name, &mut diagnostics);
    if !diagnostics.has_errors() {
        // The checks look for generator bugs; on a model that lost requests to errors
        // they would only repeat them.
        check::check(&api, &mut diagnostics);
    }
    diagnostics.check()?;
    Ok(Model { api, diagnostics })
}

/// Every stage from a parsed collection to the text of its client crate's files.
pub fn generate(
    collection: &postman::Collection,
    crate_name: Option<&str>,
) -> Result<Generated, Error> {
    generate_with(
        collection,
        Options {
            crate_name,
            profile: None,
        },
    )
}

/// [`generate`] with every option.
pub fn generate_with(
    collection: &postman::Collection,
    options: Options<'_>,
) -> Result<Generated, Error> {
    generate_each(collection, options, &|_| Ok(()))
}

fn generate_each(
    collection: &postman::Collection,
    options: Options<'_>,
    each: print::EachFile<'_>,
) -> Result<Generated, Error> {
    let Model { api, diagnostics } = model_with(collection, options)?;
    let files = print::emit_and_print_each(&api, each)?;
    Ok(Generated {
        api,
        files,
        diagnostics,
    })
}
