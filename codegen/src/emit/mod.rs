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

use proc_macro2::{Ident, Literal, Span, TokenStream};
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
    /// A Rust source file, as its items in order, in chunks of whole items (the first
    /// chunk may open with the file's inner attributes). The print stage parses one
    /// chunk at a time: a file's tokens are never gathered into one stream, so neither
    /// that stream nor `syn`'s buffer of it has to grow to the size of the file.
    Rust(Vec<TokenStream>),
    /// A TOML file, without its `@generated` header.
    Toml(String),
    /// A file copied as it is (the runtime).
    Verbatim(String),
}

impl EmittedFile {
    fn rust(path: impl Into<String>, chunks: Vec<TokenStream>) -> EmittedFile {
        EmittedFile {
            path: path.into(),
            contents: FileContents::Rust(chunks),
        }
    }
}

/// A part of the client crate that emits independently of the others. The print stage
/// emits and prints parts on separate threads and drops each part's tokens once it is
/// printed, so the token trees of the whole crate never live at the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The contract tests, `tests/contract.rs` (the largest file).
    Contract,
    /// The answer and body types, `src/types.rs`.
    Types,
    /// The typed mock server, `src/mock.rs`.
    Mock,
    /// The operation catalog, `src/catalog.rs`.
    Catalog,
    /// The parameter types, `src/params.rs`.
    Params,
    /// The module of one folder of requests: an index into [`Api::resources`] without
    /// the root.
    Resource(usize),
    /// `Cargo.toml`, `src/lib.rs` and the runtime's files.
    CrateFiles,
}

/// The parts of the client crate for `api`, largest first (so that a part left for last
/// on one thread is a small one).
pub fn parts(api: &Api) -> Vec<Part> {
    let mut parts = Vec::new();
    // Without a saved example there is no contract to test, and a file of unused
    // helpers would only warn.
    if api.operations().any(|(_, op)| !op.examples.is_empty()) {
        parts.push(Part::Contract);
    }
    parts.extend([Part::Types, Part::Mock, Part::Catalog, Part::Params]);
    parts.extend((0..folder_resources(api).len()).map(Part::Resource));
    parts.push(Part::CrateFiles);
    parts
}

/// The files of one part.
pub fn emit_part(api: &Api, part: Part) -> Vec<EmittedFile> {
    match part {
        Part::Contract => vec![EmittedFile::rust(
            "tests/contract.rs",
            contract::emit_contract_tests(api),
        )],
        Part::Types => vec![EmittedFile::rust("src/types.rs", types::emit_types(api))],
        Part::Mock => vec![EmittedFile::rust("src/mock.rs", mock::emit_mock(api))],
        Part::Catalog => vec![EmittedFile::rust(
            "src/catalog.rs",
            vec![catalog::emit_catalog(api)],
        )],
        Part::Params => vec![EmittedFile::rust(
            "src/params.rs",
            vec![types::emit_path_types(api)],
        )],
        Part::Resource(index) => {
            let resource = folder_resources(api)[index];
            vec![EmittedFile::rust(
                format!("src/{}.rs", resource.module),
                resource::emit_resource(api, resource),
            )]
        }
        Part::CrateFiles => crate_files::emit(api),
    }
}

/// All files of the client crate for `api`, in a stable order (by path).
pub fn emit(api: &Api) -> Vec<EmittedFile> {
    let mut files: Vec<EmittedFile> = parts(api)
        .into_iter()
        .flat_map(|part| emit_part(api, part))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The resources that get a module file of their own: every folder but the root.
fn folder_resources(api: &Api) -> Vec<&crate::ir::Resource> {
    api.resources()
        .into_iter()
        .filter(|r| !r.location.is_empty())
        .collect()
}

/// An identifier the IR already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A string literal holding a saved text, such as an example's answer. Text of several
/// lines is written raw (`r#"..."#`), so that it reads as it does in the collection
/// rather than as one line of `\n` and `\"` escapes; a raw literal also costs nothing to
/// escape. Text a raw literal cannot carry as is is escaped.
pub(crate) fn text_literal(text: &str) -> Literal {
    let raw = text.contains('\n').then(|| raw_literal(text)).flatten();
    raw.unwrap_or_else(|| Literal::string(text))
}

/// `text` as a raw string literal, unless a raw literal cannot carry it as is: a
/// carriage return, a control or direction character, anything `escape_debug` would
/// spell differently. Raw literals cost nothing to escape here, and `syn` reads their
/// value with one copy where an escaped literal is unescaped character by character.
pub(crate) fn raw_literal(text: &str) -> Option<Literal> {
    let raw_safe = |c: char| match c {
        '\n' | '\t' | ' '..='~' => true,
        c if c.is_ascii() => false,
        c => c.escape_debug().eq(std::iter::once(c)),
    };
    // Byte by byte while the text is plain ASCII, as it nearly always is.
    let plain = |b: u8| matches!(b, b'\n' | b'\t' | b' '..=b'~');
    if !(text.bytes().all(plain) || text.chars().all(raw_safe)) {
        return None;
    }
    // One `#` more than the longest run of `#` after a quote closes it safely.
    let hashes = text
        .split('"')
        .skip(1)
        .map(|after| after.bytes().take_while(|&b| b == b'#').count())
        .max()
        .map_or(0, |run| run + 1);
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}").parse().ok()
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

#[cfg(test)]
mod tests {
    use super::text_literal;

    /// What the literal means to Rust, and how it is spelled.
    fn value_and_spelling(text: &str) -> (String, String) {
        let literal = text_literal(text);
        let parsed: syn::LitStr = syn::parse2(quote::quote!(#literal)).expect("a string literal");
        (parsed.value(), literal.to_string())
    }

    #[test]
    fn a_saved_text_of_several_lines_is_written_raw_and_means_the_same() {
        let text = "{\n  \"a\": \"say \\\"hi\\\"\",\n  \"b\": \"#1\"\n}";
        let (value, spelling) = value_and_spelling(text);
        assert_eq!(value, text);
        assert!(spelling.starts_with("r##\"{\n"), "{spelling}");
    }

    #[test]
    fn the_raw_delimiter_outgrows_every_quote_and_hash_run_in_the_text() {
        let text = "one \"## two\nthree \"#";
        let (value, spelling) = value_and_spelling(text);
        assert_eq!(value, text);
        assert!(spelling.starts_with("r###\""), "{spelling}");
    }

    #[test]
    fn text_a_raw_literal_cannot_hold_is_escaped() {
        for text in [
            "a\r\nb",
            "a\nb\u{202e}c",
            "a\nb\u{0}c",
            "one line \"quoted\"",
        ] {
            let (value, spelling) = value_and_spelling(text);
            assert_eq!(value, text);
            assert!(spelling.starts_with('"'), "{text:?} became {spelling}");
        }
    }
}
