//! A folder's module: its handle type, sub-folder accessors and operation builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, doc_literal, sanitize};
use super::ident;
use super::operation::emit_operation;
use crate::ir::{Api, Resource};

/// `.sites().plugins()`: how the docs reach a resource from the client.
pub fn accessor_chain(api: &Api, resource: &Resource) -> String {
    let mut chain = String::new();
    let mut level = &api.root;
    for depth in 0..resource.location.len() {
        let Some(child) = level
            .children
            .iter()
            .find(|c| c.location[..] == resource.location[..=depth])
        else {
            break;
        };
        chain.push_str(&format!(".{}()", child.accessor));
        level = child;
    }
    chain
}

/// Accessor methods for the children of a handle.
pub fn child_accessors(
    resource: &Resource,
    client: TokenStream,
    lifetime: TokenStream,
) -> Vec<TokenStream> {
    resource
        .children
        .iter()
        .map(|child| {
            let module = ident(&child.module);
            let handle = ident(&child.type_name);
            let accessor = ident(&child.accessor);
            let doc = doc_literal(&format!(" The requests of the {:?} folder.", child.title));
            quote! {
                #[doc = #doc]
                pub fn #accessor(&self) -> crate::#module::#handle<#lifetime> {
                    crate::#module::#handle::new(#client)
                }
            }
        })
        .collect()
}

pub fn emit_resource(api: &Api, resource: &Resource) -> Vec<TokenStream> {
    let handle = ident(&resource.type_name);
    let chain = accessor_chain(api, resource);
    let mut doc = format!("The {:?} folder", resource.location.join(" / "));
    if resource.description.is_empty() {
        doc.push('.');
    } else {
        doc.push_str(": ");
        doc.push_str(&resource.description);
    }
    let module_doc: Vec<String> = sanitize(&doc)
        .lines()
        .map(|l| format!(" {l}").trim_end().to_string())
        .collect();
    let handle_doc = doc_attrs(&format!(
        "Handle for the requests of the {:?} folder; get it with `client{chain}`.",
        resource.title
    ));
    let accessors = child_accessors(resource, quote!(self.client), quote!('a));
    let operations: Vec<_> = resource
        .operations
        .iter()
        .map(|op| emit_operation(api, op, quote!(self.client), quote!('a), &chain))
        .collect();
    let methods = operations.iter().map(|o| &o.method);
    let head = quote! {
        #( #![doc = #module_doc] )*

        #handle_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                #handle { client }
            }

            /// The client this handle sends its requests with.
            pub fn client(&self) -> &'a crate::Client {
                self.client
            }

            #( #accessors )*

            #( #methods )*
        }
    };
    std::iter::once(head)
        .chain(operations.into_iter().map(|o| o.builder))
        .collect()
}
