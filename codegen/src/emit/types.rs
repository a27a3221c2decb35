//! `src/types.rs` (request and response types) and `src/params.rs` (path parameter types).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, doc_literal, sanitize};
use super::{ident, rust_type};
use std::collections::BTreeMap;

use crate::ir::{
    Api, EnumValue, Field, PathParamKind, PathParamType, Struct, TypeDef, TypeDoc, TypeKind,
    TypeRef,
};

pub fn emit_types(api: &Api) -> Vec<TokenStream> {
    // Where each builder lives, for links from the types it sends and receives.
    let builders: BTreeMap<&str, String> = api
        .operations()
        .map(|(resource, op)| {
            let path = if resource.location.is_empty() {
                format!("crate::{}", op.builder_name)
            } else {
                format!("crate::{}::{}", resource.module, op.builder_name)
            };
            (op.builder_name.as_str(), path)
        })
        .collect();
    let uses_lenient = api
        .types
        .iter()
        .any(|d| matches!(&d.kind, TypeKind::Struct(s) if !s.fields.is_empty()));
    let lenient = uses_lenient.then(|| {
        quote!(
            use crate::runtime::lenient as de;
        )
    });
    let head = quote! {
        //! Request bodies and answers, inferred from the collection's saved examples.
        //!
        //! Answers decode leniently, as loosely typed APIs send them: numbers may arrive as
        //! strings, flags as `0`/`1`, empty maps as `[]`. Members no example showed are
        //! kept in each answer's `extra` map rather than failing the decode.
        #lenient
    };
    std::iter::once(head)
        .chain(api.types.iter().map(|def| emit_def(def, &builders)))
        .collect()
}

fn emit_def(def: &TypeDef, builders: &BTreeMap<&str, String>) -> TokenStream {
    let name = ident(&def.name);
    let link = |builder: &str| match builders.get(builder) {
        Some(path) => format!("[`{builder}`]({path})"),
        None => format!("`{builder}`"),
    };
    let text = match &def.doc {
        TypeDoc::None => String::new(),
        TypeDoc::BodyOf(builder) => format!("The body of {}.", link(builder)),
        TypeDoc::AnswerOf(builder) => format!("The answer of {}.", link(builder)),
        TypeDoc::Text(text) => sanitize(text),
        TypeDoc::Entity { examples, variants } => format!(
            "A record, inferred from every answer of the collection that shows it \
             ({examples} objects, {variants} member sets); members not in every one are optional."
        ),
        TypeDoc::Acknowledgement => {
            "The answer of a write that only says whether it worked.".to_string()
        }
        TypeDoc::Shared => "A shape that several answers or bodies share.".to_string(),
        TypeDoc::MemberOf { parent, member } => {
            format!("`{}` of [`{parent}`].", member.replace('`', "'"))
        }
    };
    let docs = doc_attrs(&text);
    match &def.kind {
        TypeKind::Alias(target) => {
            let target = rust_type(target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Struct(body) => emit_struct(&name, docs, body),
    }
}

fn emit_struct(name: &proc_macro2::Ident, docs: TokenStream, body: &Struct) -> TokenStream {
    let fields = body
        .fields
        .iter()
        .map(|field| emit_field(field, body.is_request));
    let extra = body.unknown_fields.as_deref().map(|extra| {
        let extra = ident(extra);
        quote! {
            /// Members the collection's examples did not show, kept as sent. They are not
            /// serialized back, so that the contract tests see a member the types miss.
            #[serde(flatten, skip_serializing)]
            pub #extra: std::collections::BTreeMap<String, serde_json::Value>,
        }
    });
    // Each type derives the direction the client uses: bodies are only serialized,
    // answers only decoded, which halves what serde generates. `round-trip` (which the
    // mock needs, to send typed answers) adds the other direction.
    // A body with required fields has no meaningful default: it is built from them.
    let derives = if body.is_request {
        let default = (!body.fields.iter().any(|f| f.required)).then(|| quote!(Default,));
        quote! {
            #[derive(Debug, Clone, #default PartialEq, serde::Serialize)]
            #[cfg_attr(feature = "round-trip", derive(serde::Deserialize))]
        }
    } else {
        quote! {
            #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
            #[cfg_attr(feature = "round-trip", derive(serde::Serialize))]
        }
    };
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

fn emit_field(field: &Field, is_request: bool) -> TokenStream {
    let ident_tokens = ident(&field.ident);
    let ty = rust_type(&field.ty);
    let decoder = format!("de::decode::<_, _, {}>", adapter(&field.ty));
    let mut serde_args = Vec::new();
    if field.ident != field.name {
        let name = &field.name;
        serde_args.push(quote!(rename = #name));
    }
    if !field.required {
        serde_args.push(quote!(default));
    }
    match &field.ty {
        TypeRef::Option(_) => serde_args.push(quote!(skip_serializing_if = "Option::is_none")),
        TypeRef::Json => {
            serde_args.push(quote!(skip_serializing_if = "serde_json::Value::is_null"))
        }
        _ => {}
    }
    // A member decoded by its own type's `Deserialize` (a record, a date, JSON text) needs
    // no adapter: each `deserialize_with` costs a wrapper type and its impl in what serde
    // generates. An `Option` keeps it, so that a member every answer has stays required.
    let own_decoder = adapter(&field.ty) == "de::Same" && !matches!(field.ty, TypeRef::Option(_));
    if !own_decoder {
        serde_args.push(quote!(deserialize_with = #decoder));
    }
    let mut doc = String::new();
    if field.ident != field.name || field.name.is_empty() {
        doc.push_str(&format!("`{}`", field.name.replace('`', "'")));
    } else {
        doc.push_str(&format!("`{}`", field.name));
    }
    if let Some(example) = &field.example {
        // Strings shown quoted, so `"1"` and `1` read apart.
        let example = match example {
            serde_json::Value::String(text) => format!("{text:?}"),
            other => other.to_string(),
        };
        if !is_request || !example.is_empty() {
            doc.push_str(&format!(" (example: `{}`)", example.replace('`', "'")));
        }
    }
    if !field.required && !is_request {
        doc.push_str("; not in every answer");
    }
    doc.push('.');
    let mut doc = sanitize(&doc);
    let json_text = match &field.ty {
        TypeRef::Option(inner) => matches!(**inner, TypeRef::JsonText(_)),
        ty => matches!(ty, TypeRef::JsonText(_)),
    };
    if json_text {
        // After `sanitize`, which would escape the link.
        doc.push_str(
            " JSON text, kept as sent: [`decode`](crate::JsonText::decode) gives the typed value.",
        );
    }
    let docs = doc_attrs(&doc);
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde_attr
        pub #ident_tokens: #ty,
    }
}

/// The runtime's lenient decoder for a type (see `runtime/lenient.rs`).
fn adapter(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "de::Flag".to_string(),
        TypeRef::Integer => "de::Int".to_string(),
        TypeRef::Float => "de::Float".to_string(),
        TypeRef::String => "de::Str".to_string(),
        TypeRef::Json => "de::Json".to_string(),
        TypeRef::Bytes | TypeRef::Named(_) | TypeRef::DateOrTimestamp => "de::Same".to_string(),
        // `JsonText` is lenient itself and needs the member's own deserializer (its raw
        // text): plain `Option` (`null` is `None`), never `Opt` (which reads the value).
        TypeRef::JsonText(_) => "de::Same".to_string(),
        TypeRef::Option(inner) if matches!(**inner, TypeRef::JsonText(_)) => "de::Same".to_string(),
        TypeRef::Option(inner) => format!("de::Opt<{}>", adapter(inner)),
        TypeRef::List(inner) => format!("de::List<{}>", adapter(inner)),
        TypeRef::Map(inner) => format!("de::Map<{}>", adapter(inner)),
    }
}

pub fn emit_path_types(api: &Api) -> TokenStream {
    let types = api.path_types.iter().map(emit_path_type);
    quote! {
        //! Parameter types: path parameters accept every spelling the API accepts
        //! (`client.sites().get(1)` and `client.sites().get("example.com")` both work),
        //! and query parameters whose values the collection lists are enums that still
        //! take text (`.status("active")` or `.status(Status::Active)`).
        #(#types)*
    }
}

fn emit_path_type(param: &PathParamType) -> TokenStream {
    let name = ident(&param.type_name);
    let place = match param.kind {
        PathParamKind::OneOf { .. } => "query",
        PathParamKind::IdOr { .. } | PathParamKind::Text => "path",
    };
    let mut text = format!("The `{}` {place} parameter.", param.param);
    if !param.description.is_empty() {
        text.push_str("\n\n");
        text.push_str(&param.description);
    }
    let docs = doc_attrs(&sanitize(&text));
    let owned_text = owned_text_conversions(&name);
    match &param.kind {
        PathParamKind::IdOr { other_variant } => {
            let other = ident(other_variant);
            let other_doc = format!(
                " Anything that is not a number: the {}.",
                other_variant.to_lowercase()
            );
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    /// A numeric id.
                    Id(u64),
                    #[doc = #other_doc]
                    #other(String),
                }

                impl From<u64> for #name {
                    fn from(id: u64) -> Self {
                        #name::Id(id)
                    }
                }

                impl From<u32> for #name {
                    fn from(id: u32) -> Self {
                        #name::Id(id.into())
                    }
                }

                impl From<i64> for #name {
                    fn from(id: i64) -> Self {
                        match u64::try_from(id) {
                            Ok(id) => #name::Id(id),
                            Err(_) => #name::#other(id.to_string()),
                        }
                    }
                }

                impl From<i32> for #name {
                    fn from(id: i32) -> Self {
                        #name::from(i64::from(id))
                    }
                }

                impl From<&str> for #name {
                    fn from(text: &str) -> Self {
                        match text.parse::<u64>() {
                            Ok(id) if text.bytes().all(|b| b.is_ascii_digit()) => #name::Id(id),
                            _ => #name::#other(text.to_string()),
                        }
                    }
                }

                #owned_text

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        match self {
                            #name::Id(id) => write!(f, "{id}"),
                            #name::#other(text) => f.write_str(text),
                        }
                    }
                }
            }
        }
        PathParamKind::OneOf {
            values,
            other_variant,
        } => emit_value_enum(&name, docs, values, other_variant),
        PathParamKind::Text => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub struct #name(String);

            impl #name {
                /// The value as sent in the path.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }

            impl From<u64> for #name {
                fn from(id: u64) -> Self {
                    #name(id.to_string())
                }
            }

            impl From<u32> for #name {
                fn from(id: u32) -> Self {
                    #name(id.to_string())
                }
            }

            impl From<i64> for #name {
                fn from(id: i64) -> Self {
                    #name(id.to_string())
                }
            }

            impl From<i32> for #name {
                fn from(id: i32) -> Self {
                    #name(id.to_string())
                }
            }

            impl From<&str> for #name {
                fn from(text: &str) -> Self {
                    #name(text.to_string())
                }
            }

            impl From<String> for #name {
                fn from(text: String) -> Self {
                    #name(text)
                }
            }

            impl From<&String> for #name {
                fn from(text: &String) -> Self {
                    #name(text.clone())
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&self.0)
                }
            }
        },
    }
}

/// A query parameter with listed values: one variant each, and one for any other text,
/// as the server may take values the collection did not list.
fn emit_value_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    values: &[EnumValue],
    other_variant: &str,
) -> TokenStream {
    let other = ident(other_variant);
    let owned_text = owned_text_conversions(name);
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let texts: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = texts
        .iter()
        .map(|t| doc_literal(&format!(" `{}`", t.replace('`', "'"))));
    quote! {
        #docs
        // Non-exhaustive: a value the API gains is a new variant, not a breaking change.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value the collection does not list, sent as given.
            #other(String),
        }

        impl #name {
            /// The value as sent.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #texts, )*
                    #name::#other(text) => text,
                }
            }
        }

        impl From<&str> for #name {
            fn from(text: &str) -> Self {
                match text {
                    #( #texts => #name::#variants, )*
                    other => #name::#other(other.to_string()),
                }
            }
        }

        #owned_text

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// `From<String>` and `From<&String>` through the type's `From<&str>`, so that a
/// parameter takes text in every form a caller holds it.
fn owned_text_conversions(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl From<String> for #name {
            fn from(text: String) -> Self {
                #name::from(text.as_str())
            }
        }

        impl From<&String> for #name {
            fn from(text: &String) -> Self {
                #name::from(text.as_str())
            }
        }
    }
}
