//! API model -> the files of a client crate. Only spelling happens here: every name
//! and type was decided by lowering.

mod catalog;
mod contract;
mod crate_files;
pub mod docs;
mod mock;
mod operation;
mod resource;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeRef};

/// The Rust edition of generated crates.
pub const EDITION: &str = "2024";

/// One file of the generated crate, by its path relative to the crate root, before printing.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    pub path: String,
    pub contents: FileContents,
}

/// What a file holds; the print stage turns each kind into text.
#[derive(Debug, Clone)]
pub enum FileContents {
    /// A Rust source file.
    Rust(TokenStream),
    /// A TOML file, without its `@generated` header.
    Toml(String),
    /// A file copied as it is (the runtime).
    Verbatim(String),
}

impl EmittedFile {
    fn rust(path: impl Into<String>, tokens: TokenStream) -> EmittedFile {
        EmittedFile {
            path: path.into(),
            contents: FileContents::Rust(tokens),
        }
    }
}

/// All files of the client crate for `api`, in a stable order.
pub fn emit(api: &Api) -> Vec<EmittedFile> {
    let mut files = crate_files::emit(api);
    files.push(EmittedFile::rust("src/types.rs", types::emit_types(api)));
    files.push(EmittedFile::rust(
        "src/catalog.rs",
        catalog::emit_catalog(api),
    ));
    files.push(EmittedFile::rust("src/mock.rs", mock::emit_mock(api)));
    files.push(EmittedFile::rust(
        "src/params.rs",
        types::emit_path_types(api),
    ));
    for resource in api
        .resources()
        .into_iter()
        .filter(|r| !r.location.is_empty())
    {
        let path = format!("src/{}.rs", resource.module);
        files.push(EmittedFile::rust(
            path,
            resource::emit_resource(api, resource),
        ));
    }
    // Without a saved example there is no contract to test, and a file of unused
    // helpers would only warn.
    if api.operations().any(|(_, op)| !op.examples.is_empty()) {
        files.push(EmittedFile::rust(
            "tests/contract.rs",
            contract::emit_contract_tests(api),
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// An identifier the IR already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a type, from inside any module of the crate.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::DateOrTimestamp => quote!(crate::DateOrTimestamp),
        TypeRef::Option(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        TypeRef::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::JsonText(inner) => {
            let inner = rust_type(inner);
            quote!(crate::JsonText<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
    }
}
