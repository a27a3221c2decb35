//! `src/catalog.rs`: every operation as data, for tools that walk the whole API
//! (`cargo xtask live-check`) without naming each builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::path_template;
use super::rust_type;
use crate::ir::*;

pub fn emit_catalog(api: &Api) -> TokenStream {
    let entries: Vec<TokenStream> = api
        .operations()
        .map(|(resource, op)| entry(resource, op))
        .collect();
    quote! {
        //! Every operation of the API as data: method, path, parameters, the values of its
        //! first saved example, and a decoder for its typed answer. Tools that exercise
        //! the whole API (such as a live check against a real server) walk [`OPERATIONS`]
        //! instead of naming every builder.

        /// Whether an operation only reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Access {
            /// GET, HEAD, OPTIONS.
            Read,
            /// Everything else.
            Write,
        }

        /// A query parameter of an operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct QueryParam {
            /// Its name in the query string.
            pub name: &'static str,
            /// Sent by every call (an argument of the operation method).
            pub required: bool,
        }

        /// One operation of the API.
        #[derive(Debug, Clone, Copy)]
        pub struct Operation {
            /// Folder path in the collection, joined with ` / `.
            pub resource: &'static str,
            /// The request's name in the collection.
            pub name: &'static str,
            /// The Rust method that calls it, on the folder's handle.
            pub method_name: &'static str,
            /// HTTP method.
            pub method: &'static str,
            /// Path below the API root, with `{name}` for path parameters.
            pub path: &'static str,
            /// Path parameter names, in path order.
            pub path_params: &'static [&'static str],
            /// Query parameters.
            pub query: &'static [QueryParam],
            /// Read or write.
            pub access: Access,
            /// Path values of the first saved example.
            pub example_path: &'static [(&'static str, &'static str)],
            /// Query pairs of the first saved example.
            pub example_query: &'static [(&'static str, &'static str)],
            /// Body of the first saved example (JSON text; form fields as a JSON object).
            pub example_body: Option<&'static str>,
            /// Whether the body is sent form-encoded rather than as JSON.
            pub form_body: bool,
            /// Decodes an answer into the operation's typed response; a mismatch is
            /// [`Error::Decode`](crate::Error::Decode) with the JSON path that failed.
            pub decode: fn(serde_json::Value) -> Result<(), crate::Error>,
        }

        /// Every operation, in collection order.
        pub const OPERATIONS: &[Operation] = &[ #( #entries ),* ];
    }
}

fn entry(resource: &Resource, op: &Operation) -> TokenStream {
    let location = resource.location.join(" / ");
    let name = &op.title;
    let method_name = &op.method_name;
    let method = op.http_method.as_str();
    let path = path_template(op);
    let path_params = op.path_params.iter().map(|p| &p.name);
    let query = op.query_params.iter().map(|q| {
        let (name, required) = (&q.name, q.required);
        quote!(QueryParam { name: #name, required: #required })
    });
    let access = match op.access {
        Access::Read => quote!(Access::Read),
        Access::Write => quote!(Access::Write),
    };
    // The first example that succeeded, else the first.
    let example = op
        .examples
        .iter()
        .zip(&op.outcomes)
        .find(|(_, o)| o.kind == OutcomeKind::Success)
        .map(|(e, _)| e)
        .or(op.examples.first());
    let example_path = example.map(|e| e.path_args.clone()).unwrap_or_default();
    let example_path = example_path.iter().map(|(k, v)| quote!((#k, #v)));
    let example_query = example.map(|e| e.query.clone()).unwrap_or_default();
    let example_query = example_query.iter().map(|(k, v)| quote!((#k, #v)));
    let example_body = match example.and_then(|e| e.body.clone()) {
        Some(body) => quote!(Some(#body)),
        None => quote!(None),
    };
    let form_body = matches!(
        op.body.as_ref().map(|b| &b.encoding),
        Some(BodyEncoding::Form)
    );
    let decode = match &op.response {
        ResponseBody::Json(ty) => {
            let ty = rust_type(ty);
            quote!(|value| crate::runtime::decode_value::<#ty>(200, value).map(drop))
        }
        _ => quote!(|_| Ok(())),
    };
    quote! {
        Operation {
            resource: #location,
            name: #name,
            method_name: #method_name,
            method: #method,
            path: #path,
            path_params: &[#(#path_params),*],
            query: &[#(#query),*],
            access: #access,
            example_path: &[#(#example_path),*],
            example_query: &[#(#example_query),*],
            example_body: #example_body,
            form_body: #form_body,
            decode: #decode,
        }
    }
}
