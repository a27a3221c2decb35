//! `src/mock.rs` (the `mock` feature): the typed half of the mock server. For each
//! folder an accessor on `mock::Server`, for each operation a stub method taking the
//! same arguments as the client's method, and for each operation builder the runtime's
//! `mock::Operation` (its answer type, saved answers and request). The stub expects the
//! request the client's own builder makes, so the two cannot drift apart.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_literal, plain_text};
use super::ident;
use super::operation::{arguments, encode_literal};
use super::resource::accessor_chain;
use super::rust_type;
use crate::ir::*;

pub fn emit_mock(api: &Api) -> Vec<TokenStream> {
    let crate_ident = ident(&api.crate_name.replace('-', "_"));
    let mut handles = Vec::new();
    let mut impls = Vec::new();
    let mut routes = Vec::new();
    for resource in api.resources() {
        let chain = accessor_chain(api, resource);
        let mut methods = child_accessors(resource);
        for op in &resource.operations {
            methods.push(stub_method(api, resource, op, &chain));
            let builder = builder_path(resource, op);
            impls.push(operation_impl(op, &builder));
            routes.extend(route(op, &builder));
        }
        if resource.location.is_empty() {
            handles.push(quote! {
                impl Server {
                    #( #methods )*
                }
            });
        } else {
            let module = ident(&resource.module);
            let handle = ident(&resource.type_name);
            let doc = doc_literal(&plain_text(&format!(
                " Stubs for the requests of the {:?} folder; get it with `server{chain}`.",
                resource.title
            )));
            let module_doc = doc_literal(&plain_text(&format!(
                " Stubs for the {:?} folder.",
                resource.location.join(" / ")
            )));
            handles.push(quote! {
                #[doc = #module_doc]
                pub mod #module {
                    #[doc = #doc]
                    #[derive(Debug, Clone, Copy)]
                    pub struct #handle<'a> {
                        pub(super) server: &'a crate::runtime::mock::Server,
                    }

                    impl<'a> #handle<'a> {
                        /// The client of the server these stubs are mounted on.
                        pub fn client(&self) -> &'a crate::Client {
                            self.server.client()
                        }

                        #( #methods )*
                    }
                }
            });
        }
    }
    let doc = module_doc(api, &crate_ident);
    let head = quote! {
        #( #![doc = #doc] )*

        pub use crate::runtime::mock::*;

        impl Server {
            /// Starts a mock server of this API on 127.0.0.1.
            pub async fn start() -> Server {
                Server::start_for(crate::ApiConfig {
                    api_name: crate::API_NAME,
                    api_root: crate::API_ROOT,
                    auth_scheme: crate::AUTH_SCHEME,
                    failure_flag: crate::FAILURE_FLAG,
                })
                .await
            }

            /// Answers every call of every operation with its first saved success, for
            /// smoke tests of a whole program. Stubs mounted before or after win.
            pub async fn serve_examples(&self) {
                self.serve_routes(ROUTES).await;
            }
        }

    };
    let routes = quote! {
        /// Each operation with a saved success: its method, path and that answer.
        const ROUTES: &[Route] = &[ #( #routes ),* ];
    };
    std::iter::once(head)
        .chain(handles)
        .chain(impls)
        .chain([routes])
        .collect()
}

/// The module's doc, with an example compiled and run as a doctest.
fn module_doc(api: &Api, crate_ident: &proc_macro2::Ident) -> Vec<String> {
    let mut text = String::from(
        "A local server that speaks this API in its own types, for the tests of programs \
         that use the client (the `mock` feature).\n\n\
         [`Server::start`] starts it on 127.0.0.1 and [`Server::client`] is a client of it. \
         The server has the client's accessors, and each operation a stub taking the \
         operation's arguments, expecting exactly the call the client's builder makes: \
         method, path, query, credentials and body. A stub answers with a typed value \
         ([`Stub::responds`]), a saved example of the collection by name \
         ([`Stub::responds_example`]) or the API's error object ([`Stub::fails`]), and is \
         mounted with `.await`. [`Stub::times`] says how many calls to expect, \
         [`Stub::with_query`] sets query parameters (and body fields) with the builder's \
         setters, [`Stub::with_body`] the body. [`Server::verify`] panics, naming them, \
         when expected calls did not come or calls came that no stub expected. \
         [`Server::serve_examples`] answers every operation with its first saved success.",
    );
    // The first operation of a folder that needs no argument and has a saved success.
    let example = api.root.children.iter().find_map(|resource| {
        resource.operations.iter().find_map(|op| {
            let needs_args = !op.path_params.is_empty()
                || op.query_params.iter().any(|q| q.required)
                || op
                    .body
                    .as_ref()
                    .is_some_and(|b| b.setters.iter().any(|s| s.required));
            let success = op
                .examples
                .iter()
                .zip(&op.outcomes)
                .find(|(_, o)| o.kind == OutcomeKind::Success)?;
            (!needs_args && matches!(op.response, ResponseBody::Json(_)))
                .then_some((resource, op, success.0))
        })
    });
    if let Some((resource, op, saved)) = example {
        let call = format!(".{}().{}()", resource.accessor, op.method_name);
        text.push_str(&format!(
            "\n\n```\n# #[tokio::main(flavor = \"current_thread\")]\n# async fn main() {{\n\
             let server = {crate_ident}::mock::Server::start().await;\n\
             server{call}.responds_example({name:?}).times(1).await;\n\n\
             // The code under test, given the server's client.\n\
             let answer = server.client(){call}.send().await;\n\
             assert!(answer.is_ok(), \"{{answer:?}}\");\n\n\
             // A second call, answered by the next stub.\n\
             server{call}.fails(401, \"unauthorized\", \"The key is not valid.\").times(1).await;\n\
             let refused = server.client(){call}.send().await;\n\
             assert!(matches!(refused, Err({crate_ident}::Error::Api {{ status: 401, .. }})));\n\n\
             // Every stub got its calls, and no other call came.\n\
             server.verify().await;\n# }}\n```",
            name = saved.name
        ));
    }
    plain_text(&text)
        .lines()
        .map(|l| format!(" {l}").trim_end().to_string())
        .collect()
}

/// `crate::sites::GetSite`, for a type path with its lifetime.
fn builder_path(resource: &Resource, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    if resource.location.is_empty() {
        quote!(crate::#builder)
    } else {
        let module = ident(&resource.module);
        quote!(crate::#module::#builder)
    }
}

fn child_accessors(resource: &Resource) -> Vec<TokenStream> {
    let (server, lifetime) = if resource.location.is_empty() {
        (quote!(self), quote!('_))
    } else {
        (quote!(self.server), quote!('a))
    };
    resource
        .children
        .iter()
        .map(|child| {
            let module = ident(&child.module);
            let handle = ident(&child.type_name);
            let accessor = ident(&child.accessor);
            let doc = doc_literal(&format!(
                " Stubs for the requests of the {:?} folder.",
                child.title
            ));
            let path = if resource.location.is_empty() {
                quote!(#module::#handle)
            } else {
                quote!(super::#module::#handle)
            };
            quote! {
                #[doc = #doc]
                pub fn #accessor(&self) -> #path<#lifetime> {
                    #path { server: #server }
                }
            }
        })
        .collect()
}

fn stub_method(api: &Api, resource: &Resource, op: &Operation, chain: &str) -> TokenStream {
    let root = resource.location.is_empty();
    let (server, lifetime) = if root {
        (quote!(self), quote!('_))
    } else {
        (quote!(self.server), quote!('a))
    };
    let args = arguments(api, op);
    let names: Vec<&proc_macro2::Ident> = args.iter().map(|(n, _)| n).collect();
    let types = args.iter().map(|(_, t)| t);
    let method = ident(&op.method_name);
    let builder = builder_path(resource, op);
    let calls: TokenStream = chain.parse().unwrap_or_default();
    let doc = doc_literal(&plain_text(&format!(
        " A stub for `{} {}` ({}): expects the call `client{chain}.{}(..)` makes with these arguments.",
        op.http_method.as_str(),
        super::operation::path_template(op),
        op.title.replace('`', "'"),
        op.method_name
    )));
    let allow_many = (names.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #doc]
        #allow_many
        pub fn #method(&self, #( #names: #types ),*) -> crate::runtime::mock::Stub<#lifetime, #builder<#lifetime>> {
            #server.stub(#server.client() #calls .#method(#( #names ),*))
        }
    }
}

fn operation_impl(op: &Operation, builder: &TokenStream) -> TokenStream {
    let answer = match &op.response {
        ResponseBody::Json(ty) => rust_type(ty),
        ResponseBody::Text => quote!(String),
        ResponseBody::Empty => quote!(()),
    };
    let examples = op.examples.iter().map(|example| {
        let name = &example.name;
        let status = example.status;
        let content_type = example
            .content_type
            .clone()
            .unwrap_or_else(|| "application/json".to_string());
        let body = super::text_literal(example.response_body.as_deref().unwrap_or_default());
        quote!(SavedAnswer { name: #name, status: #status, content_type: #content_type, body: #body })
    });
    let success_status = first_success(op).map_or(200, |(_, e)| e.status);
    let body = op.body.as_ref().filter(|b| !b.empty_object).map(|body| {
        let ty = rust_type(&body.ty);
        quote! {
            impl OperationBody for #builder<'_> {
                type Body = #ty;
                fn with_body(self, body: #ty) -> Self {
                    self.body(body)
                }
            }
        }
    });
    quote! {
        impl Operation for #builder<'_> {
            type Answer = #answer;
            const EXAMPLES: &'static [SavedAnswer] = &[ #( #examples ),* ];
            const SUCCESS_STATUS: u16 = #success_status;
            fn request(&self) -> Result<crate::Request, crate::Error> {
                self.to_request()
            }
        }

        #body
    }
}

/// The index and example of an operation's first saved success.
fn first_success(op: &Operation) -> Option<(usize, &Example)> {
    op.examples
        .iter()
        .zip(&op.outcomes)
        .enumerate()
        .find(|(_, (e, o))| o.kind == OutcomeKind::Success && (200..300).contains(&e.status))
        .map(|(index, (example, _))| (index, example))
}

fn route(op: &Operation, builder: &TokenStream) -> Option<TokenStream> {
    let (index, _) = first_success(op)?;
    let method = op.http_method.as_str();
    let segments = op.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => {
            let text = encode_literal(text);
            quote!(Segment::Literal(#text))
        }
        PathSegment::Param(_) => quote!(Segment::Param),
    });
    Some(quote! {
        Route {
            method: #method,
            path: &[ #( #segments ),* ],
            answer: <#builder<'static> as Operation>::EXAMPLES[#index],
        }
    })
}
