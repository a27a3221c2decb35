//! The crate around the generated modules: `Cargo.toml`, `src/lib.rs` and the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::sanitize;
use super::operation::emit_operation;
use super::resource::child_accessors;
use super::{ident, EmittedFile, FileContents};
use crate::ir::{
    Api, Auth, HttpMethod, Operation, ParamType, PathParamKind, Resource, TypeKind, TypeRef,
};

/// The hand-written runtime, copied verbatim into every generated crate so that each
/// stands alone. `runtime/src/` (the `mainwp-runtime` crate) is the one place it is edited.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../../runtime/src/auth.rs")),
    ("client.rs", include_str!("../../../runtime/src/client.rs")),
    (
        "date_or_timestamp.rs",
        include_str!("../../../runtime/src/date_or_timestamp.rs"),
    ),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    (
        "json_text.rs",
        include_str!("../../../runtime/src/json_text.rs"),
    ),
    (
        "lenient.rs",
        include_str!("../../../runtime/src/lenient.rs"),
    ),
    ("mock.rs", include_str!("../../../runtime/src/mock.rs")),
    ("mod.rs", include_str!("../../../runtime/src/mod.rs")),
    (
        "paginate.rs",
        include_str!("../../../runtime/src/paginate.rs"),
    ),
    (
        "request.rs",
        include_str!("../../../runtime/src/request.rs"),
    ),
    (
        "response.rs",
        include_str!("../../../runtime/src/response.rs"),
    ),
    ("retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("scan.rs", include_str!("../../../runtime/src/scan.rs")),
    ("secret.rs", include_str!("../../../runtime/src/secret.rs")),
];

/// Dependencies of every generated crate; the runtime needs exactly these (wiremock only
/// for the `mock` feature).
const CARGO_DEPENDENCIES: &str = r#"[dependencies]
futures = "0.3"
reqwest = { version = "0.12", default-features = false, features = ["json", "rustls-tls", "multipart"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["raw_value"] }
serde_path_to_error = "0.1"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
url = "2"
wiremock = { version = "0.6", optional = true }

# Tooling that most users do not need, off by default so that it costs them nothing.
[features]
# `catalog`: every operation as data (method, path, folder, permission), for tools that
# walk the whole API, such as live checks.
catalog = []
# Answers serialize too and request bodies deserialize too, for programs that store or
# replay them; without it each type derives only the direction the client uses.
round-trip = []
# `mock`: a local server speaking the API in its types, for the tests of programs using
# the client (src/mock.rs).
mock = ["round-trip", "dep:wiremock"]

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }
wiremock = "0.6"
"#;

pub fn emit(api: &Api) -> Vec<EmittedFile> {
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".to_string(),
            contents: FileContents::Toml(cargo_toml(api)),
        },
        EmittedFile::rust("src/lib.rs", vec![lib_rs(api)]),
    ];
    for (name, text) in RUNTIME_FILES {
        files.push(EmittedFile {
            path: format!("src/runtime/{name}"),
            contents: FileContents::Verbatim((*text).to_string()),
        });
    }
    files
}

fn cargo_toml(api: &Api) -> String {
    let description = format!(
        "Typed async client for the {} API, generated from its Postman collection",
        api.title
    )
    .replace(['"', '\\'], "'")
    .replace('\n', " ");
    // The crate's own tests (the contract tests, the mock's doctest) run on the mock.
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"{}\"\ndescription = \"{description}\"\nlicense = \"MIT OR Apache-2.0\"\n\n{CARGO_DEPENDENCIES}{name} = {{ path = \".\", features = [\"mock\"] }}\n",
        super::EDITION,
        name = api.crate_name,
    )
}

fn lib_rs(api: &Api) -> TokenStream {
    let crate_ident = api.crate_name.replace('-', "_");
    let mut doc = format!("# {}\n\n", sanitize(&api.title));
    let description = sanitize(&api.description);
    if !description.is_empty() {
        doc.push_str(&description);
        doc.push_str("\n\n");
    }
    let first_resource = api.root.children.iter().find(|r| {
        r.operations
            .iter()
            .any(|o| o.path_params.is_empty() && o.query_params.iter().all(|q| !q.required))
    });
    let example_call = first_resource
        .and_then(|r| {
            let op = r
                .operations
                .iter()
                .find(|o| o.path_params.is_empty() && o.query_params.iter().all(|q| !q.required))?;
            Some(format!(
                "let answer = client.{}().{}().send().await?;\nprintln!(\"{{answer:?}}\");\n",
                r.accessor, op.method_name
            ))
        })
        .unwrap_or_default();
    let base = api
        .base_url
        .example
        .clone()
        .unwrap_or_else(|| "https://api.example.com".to_string());
    let token = match &api.auth {
        Auth::Bearer { variable } => variable.clone().unwrap_or_else(|| "token".to_string()),
        _ => "token".to_string(),
    };
    let env_var = format!(
        "{}_{}",
        crate_ident.to_uppercase(),
        heck::ToShoutySnakeCase::to_shouty_snake_case(token.as_str())
    );
    doc.push_str(&format!(
        "Every folder of the collection is a method of [`Client`] returning a handle, and every request a \
         method of that handle returning a builder: required parameters are arguments, optional ones \
         setters, and `send().await` performs the call and decodes the typed answer.\n\n\
         ```no_run\n# async fn run() -> Result<(), {crate_ident}::Error> {{\n\
         let token = std::env::var(\"{env_var}\").unwrap_or_default();\n\
         let client = {crate_ident}::Client::new(\"{base}\", token)?;\n{example_call}# Ok(())\n# }}\n```\n\n\
         Errors are one [`Error`] type; the server's error `code` and `message` are in [`Error::Api`]. \
         The token is never printed, logged or put into an error.\n\n\
         Features: `mock` adds the `mock` module, a local server that speaks this API in its own \
         types for the tests of programs that use this crate (typed stubs per request, the \
         collection's saved answers by name); `round-trip` (part of `mock`) makes answers \
         serializable and request bodies deserializable, which the client itself does not need."
    ));
    let has_json_text = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(body) => body.fields.iter().any(|f| holds_json_text(&f.ty)),
        TypeKind::Alias(_) => false,
    });
    if has_json_text {
        doc.push_str(
            "\n\nMembers the server sends as JSON text inside a string are [`JsonText`]: kept \
             as sent when the answer is decoded, typed by [`JsonText::decode`] when asked for.",
        );
    }
    if let Some(example) = round_trip_example(api, &crate_ident) {
        doc.push_str("\n\n");
        doc.push_str(example.trim_end());
    }
    let crate_doc: Vec<String> = super::docs::plain_text(&doc)
        .lines()
        .map(|l| format!(" {l}").trim_end().to_string())
        .collect();

    let resources = api.resources();
    // In name order, as a reader (and rustfmt) would list them.
    let mut module_names: Vec<(&str, bool)> =
        vec![("params", true), ("runtime", false), ("types", true)];
    module_names.extend(
        resources
            .iter()
            .filter(|r| !r.location.is_empty())
            .map(|r| (r.module.as_str(), true)),
    );
    module_names.sort();
    let modules: Vec<TokenStream> = module_names
        .iter()
        .map(|(name, public)| {
            let module = ident(name);
            if *public {
                quote!(pub mod #module;)
            } else {
                quote!(mod #module;)
            }
        })
        .collect();
    let accessors = child_accessors(&api.root, quote!(self), quote!('_));
    let root_ops: Vec<_> = api
        .root
        .operations
        .iter()
        .map(|op| emit_operation(api, op, quote!(self), quote!('_), ""))
        .collect();
    let root_methods = root_ops.iter().map(|o| &o.method);
    let root_builders = root_ops.iter().map(|o| &o.builder);
    let api_root = api.base_url.api_root.clone();
    let api_name = api.title.clone();
    let (failure_flag, failure_doc) = match &api.failure_flag {
        Some(flag) => {
            let member = &flag.member;
            let reasons = &flag.reason_members;
            (
                quote!(Some(FailureFlag { member: #member, reason_members: &[#(#reasons),*] })),
                format!(
                    " A 2xx answer whose `{member}` is false, `0` or `\"0\"` beside a reason is a failure ([`Error::Rejected`])."
                ),
            )
        }
        None => (
            quote!(None),
            " This API reports failures by status alone: every 2xx answer is a success."
                .to_string(),
        ),
    };
    let auth_scheme = match &api.auth {
        Auth::Bearer { .. } => quote!(AuthScheme::Bearer),
        Auth::Basic => quote!(AuthScheme::Basic),
        Auth::ApiKey {
            name,
            in_query: false,
        } => quote!(AuthScheme::Header(#name)),
        Auth::ApiKey {
            name,
            in_query: true,
        } => quote!(AuthScheme::Query(#name)),
        Auth::None | Auth::Unsupported { .. } => quote!(AuthScheme::None),
    };
    let auth_doc = match &api.auth {
        Auth::Unsupported { kind } => format!(
            " How the client sends its token by default. The collection uses `{kind}` auth, which the client cannot perform: add it through \
             [`ClientBuilder::http_client`] or choose a scheme with [`ClientBuilder::auth_scheme`]."
        ),
        _ => " How the client sends its token by default, as the collection does.".to_string(),
    };
    let auth_doc = super::docs::plain_text(&auth_doc);
    // Named, so that the crate's surface is what is listed here and nothing the runtime
    // happens to make public for the generated code.
    let param_types = api.path_types.iter().map(|t| ident(&t.type_name));
    let reexport_params = (!api.path_types.is_empty()).then(|| {
        quote!(
            pub use params::{ #( #param_types ),* };
        )
    });
    let root_note = match api.base_url.api_root.as_str() {
        "" => String::new(),
        root => format!(" (the server's address, with or without the API root `{root}`)"),
    };
    let new_doc = super::docs::plain_text(&format!(
        " A client with the default settings for the API at `base_url`{root_note}, \
         authenticating with `token`."
    ));
    let client_impl = quote! {
        impl Client {
            #[doc = #new_doc]
            pub fn new(base_url: impl AsRef<str>, token: impl Into<String>) -> Result<Client, Error> {
                Client::builder()
                    .base_url(base_url.as_ref())
                    .token(token.into())
                    .build()
            }

            /// A builder for a client with non-default settings.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(ApiConfig {
                    api_name: API_NAME,
                    api_root: API_ROOT,
                    auth_scheme: AUTH_SCHEME,
                    failure_flag: FAILURE_FLAG,
                })
            }

            #( #accessors )*
            #( #root_methods )*
        }

        /// The same as [`Client::builder`]: this API's defaults.
        impl Default for ClientBuilder {
            fn default() -> ClientBuilder {
                Client::builder()
            }
        }
    };
    quote! {
        #( #![doc = #crate_doc] )*
        #![warn(missing_docs)]

        #( #modules )*
        #[cfg(feature = "catalog")]
        pub mod catalog;
        #[cfg(feature = "mock")]
        pub mod mock;

        #reexport_params
        pub use runtime::{
            AuthScheme, Client, ClientBuilder, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, DateOrTimestamp,
            Error, JsonText, JsonTextContent, JsonTextError, Method, Part, Request, ResponseFuture,
            RetryPolicy, Token, encode_path_segment,
        };
        use runtime::{ApiConfig, FailureFlag};

        /// The runtime's helpers for generated code (decoding, paging), outside the public
        /// API: it may change in any release. Reachable, so that an API that does not use
        /// one of them (no paged lists, say) compiles without dead-code warnings.
        #[doc(hidden)]
        pub mod __private {
            pub use crate::runtime::{
                ApiConfig, FailureFlag, Page, Pages, QueryValue, collect_all, decode_value, fill_path,
                lenient, paginate, with_query, with_query_each,
            };
        }

        /// The API this crate is a client of: the collection's name.
        pub const API_NAME: &str = #api_name;

        #[doc = #failure_doc]
        const FAILURE_FLAG: Option<FailureFlag> = #failure_flag;

        /// The path of the API below the server's address; the client adds it when the
        /// base url given leaves it out.
        pub const API_ROOT: &str = #api_root;

        #[doc = #auth_doc]
        pub const AUTH_SCHEME: AuthScheme = #auth_scheme;

        #client_impl

        #( #root_builders )*
    }
}

/// A doc example, compiled by the doctests, showing that the id of a listed record is
/// what the operation that fetches one record takes (`client.tags().get(tag.id)`): for
/// every folder with a paginated list of records with an integer `id` and a GET of the
/// list's path plus one id.
fn round_trip_example(api: &Api, crate_ident: &str) -> Option<String> {
    let mut calls = String::new();
    for_each_handle(&api.root, "client.", &mut |handle, resource| {
        for list in &resource.operations {
            let Some(pagination) = &list.pagination else {
                continue;
            };
            let TypeRef::Named(item) = &pagination.item_type else {
                continue;
            };
            let has_integer_id = api.types.iter().any(|def| {
                def.name == *item
                    && matches!(&def.kind, TypeKind::Struct(body) if body.fields.iter().any(|f| {
                        f.ident == "id" && f.required && f.ty == TypeRef::Integer
                    }))
            });
            if !has_integer_id || has_required_arguments(list) {
                continue;
            }
            let fetch = resource.operations.iter().find(|op| {
                op.http_method == HttpMethod::Get
                    && op.path_params.len() == 1
                    && op.path.len() == list.path.len() + 1
                    && op.path.starts_with(&list.path)
                    && takes_an_integer(api, &op.path_params[0].ty)
                    && !has_required_arguments_beyond_path(op)
            });
            let Some(fetch) = fetch else {
                continue;
            };
            let var = crate::naming::snake_ident(item, "record");
            calls.push_str(&format!(
                "for {var} in {handle}{}().collect_all().await? {{\n    let _same = {handle}{}({var}.id).send().await?;\n}}\n",
                list.method_name, fetch.method_name
            ));
            break;
        }
    });
    (!calls.is_empty()).then(|| {
        format!(
            "An id in an answer is what the operation that fetches that record takes, so \
             records go back where they came from:\n\n\
             ```no_run\n# async fn run(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\n\
             {calls}# Ok(())\n# }}\n```\n\n"
        )
    })
}

/// Calls `visit` with every resource and the expression of its handle (`client.sites().`).
fn for_each_handle(resource: &Resource, handle: &str, visit: &mut dyn FnMut(&str, &Resource)) {
    visit(handle, resource);
    for child in &resource.children {
        for_each_handle(child, &format!("{handle}{}().", child.accessor), visit);
    }
}

fn has_required_arguments(op: &Operation) -> bool {
    !op.path_params.is_empty() || has_required_arguments_beyond_path(op)
}

fn has_required_arguments_beyond_path(op: &Operation) -> bool {
    op.query_params.iter().any(|q| q.required)
        || op
            .body
            .as_ref()
            .is_some_and(|body| body.setters.iter().any(|s| s.required))
}

/// A path parameter that an `i64` can be given for: an integer, or a path type with an
/// id variant (`impl From<i64>`).
fn takes_an_integer(api: &Api, ty: &ParamType) -> bool {
    match ty {
        ParamType::Integer => true,
        ParamType::Named(name) => api
            .path_types
            .iter()
            .any(|t| t.type_name == *name && matches!(t.kind, PathParamKind::IdOr { .. })),
        ParamType::String | ParamType::Boolean => false,
    }
}

/// Whether a member's type is (or holds) JSON text.
fn holds_json_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::JsonText(_)) || ty.inner().is_some_and(holds_json_text)
}
