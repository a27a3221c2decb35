//! One operation: its method on the resource handle and its builder type.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, doc_literal, sanitize};
use super::{ident, rust_type};
use crate::ir::*;

/// How an argument or setter takes a parameter, and how the builder stores it.
struct ParamSpelling {
    /// The argument type (`impl Into<String>`, `i64`, ...).
    arg: TokenStream,
    /// The stored type.
    stored: TokenStream,
    /// Converts the argument to the stored type.
    convert: TokenStream,
}

/// `value` is the expression converted (the argument's name).
fn spelling(ty: &ParamType, repeated: bool, value: &proc_macro2::Ident) -> ParamSpelling {
    if repeated {
        return ParamSpelling {
            arg: quote!(impl IntoIterator<Item = impl Into<String>>),
            stored: quote!(Vec<String>),
            convert: quote!(#value.into_iter().map(Into::into).collect()),
        };
    }
    match ty {
        ParamType::Integer => ParamSpelling {
            arg: quote!(i64),
            stored: quote!(i64),
            convert: quote!(#value),
        },
        ParamType::Boolean => ParamSpelling {
            arg: quote!(bool),
            stored: quote!(bool),
            convert: quote!(#value),
        },
        ParamType::String => ParamSpelling {
            arg: quote!(impl Into<String>),
            stored: quote!(String),
            convert: quote!(#value.into()),
        },
        ParamType::Named(name) => {
            let name = ident(name);
            ParamSpelling {
                arg: quote!(impl Into<crate::params::#name>),
                stored: quote!(crate::params::#name),
                convert: quote!(#value.into()),
            }
        }
    }
}

/// A body field setter's argument type and conversion.
fn setter_spelling(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
        TypeRef::Bytes => (quote!(impl Into<Vec<u8>>), quote!(value.into())),
        other => (rust_type(other), quote!(value)),
    }
}

/// The value types a generated method's doc example can pass for a parameter.
fn example_literal(ty: &ParamType, example: Option<&str>) -> String {
    let example = example.unwrap_or_default();
    match ty {
        ParamType::Integer => example.parse::<i64>().unwrap_or(1).to_string(),
        ParamType::Boolean => (example == "true").to_string(),
        ParamType::Named(_)
            if !example.is_empty()
                && example.bytes().all(|b| b.is_ascii_digit())
                && example.len() < 19 =>
        {
            example.to_string()
        }
        _ => format!("{example:?}"),
    }
}

pub struct OperationTokens {
    /// The method on the resource handle (or the client for root operations).
    pub method: TokenStream,
    /// The builder type and its impl.
    pub builder: TokenStream,
}

/// The arguments of an operation's method, names and types, in order: the path
/// parameters, the required query parameters, then the body's required fields. The
/// mock's stub of the operation takes the same.
pub fn arguments(api: &Api, op: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let params = op.path_params.iter().map(|param| {
        (
            ident(&param.ident),
            spelling(&param.ty, false, &ident("value")).arg,
        )
    });
    let query = op.query_params.iter().filter(|q| q.required).map(|param| {
        let arg = spelling(&param.ty, param.repeated, &ident("value")).arg;
        (ident(&param.ident), arg)
    });
    let body = op
        .body
        .iter()
        .filter(|b| !b.empty_object && matches!(b.ty, TypeRef::Named(_)))
        .flat_map(|body| required_body_fields(api, body))
        .map(|(_, setter)| (ident(&setter.method), setter_spelling(&setter.ty).0));
    params.chain(query).chain(body).collect()
}

/// The body's required fields, each with its setter, in the order of the struct's
/// fields (the order the method takes them in).
fn required_body_fields<'a>(
    api: &'a Api,
    body: &'a RequestBody,
) -> Vec<(&'a Field, &'a BodySetter)> {
    let Some(fields) = struct_fields(api, &body.ty) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|field| {
            let setter = body
                .setters
                .iter()
                .find(|s| s.required && s.field == field.ident)?;
            Some((field, setter))
        })
        .collect()
}

/// `handle_client` is how the handle reaches the client (`self.client` or `self`).
pub fn emit_operation(
    api: &Api,
    op: &Operation,
    handle_client: TokenStream,
    lifetime: TokenStream,
    accessor_chain: &str,
) -> OperationTokens {
    let builder = ident(&op.builder_name);
    let method = ident(&op.method_name);
    let required_query: Vec<&QueryParam> = op.query_params.iter().filter(|q| q.required).collect();
    let optional_query: Vec<&QueryParam> = op.query_params.iter().filter(|q| !q.required).collect();

    // Arguments of the handle method: path params, then required query params, then the
    // body's required fields.
    let (arg_names, arg_types): (Vec<_>, Vec<_>) = arguments(api, op).into_iter().unzip();
    let mut arg_converts = Vec::new();
    let mut fields = Vec::new();
    let mut field_inits = Vec::new();
    for param in &op.path_params {
        let name = ident(&param.ident);
        let spell = spelling(&param.ty, false, &name);
        arg_converts.push(spell.convert);
        let stored = spell.stored;
        fields.push(quote!(#name: #stored));
        field_inits.push(quote!(#name));
    }
    for param in &required_query {
        let name = ident(&param.ident);
        let spell = spelling(&param.ty, param.repeated, &name);
        arg_converts.push(spell.convert);
        let stored = spell.stored;
        fields.push(quote!(#name: #stored));
        field_inits.push(quote!(#name));
    }
    let mut setters = Vec::new();
    for param in &optional_query {
        let name = ident(&param.ident);
        let spell = spelling(&param.ty, param.repeated, &ident("value"));
        let (arg, stored, convert) = (spell.arg, spell.stored, spell.convert);
        fields.push(quote!(#name: Option<#stored>));
        field_inits.push(quote!(#name: None));
        let mut doc = format!("Sets the `{}` query parameter.", param.name);
        if !param.description.is_empty() {
            doc = format!("{}\n\n{doc}", param.description);
        }
        let docs = doc_attrs(&sanitize(&doc));
        setters.push(quote! {
            #docs
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = Some(#convert);
                self
            }
        });
    }

    // The body: a struct body's required fields are arguments, the others setters.
    // A body that is always `{}` has neither: `to_request` sends `{}` itself.
    let mut body_init = None;
    if let Some(body) = op.body.as_ref().filter(|b| !b.empty_object) {
        let ty = rust_type(&body.ty);
        if matches!(body.ty, TypeRef::Named(_)) {
            fields.push(quote!(body: #ty));
            body_init = Some(body_literal(api, body));
            setters.push(quote! {
                /// Replaces the whole request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = body;
                    self
                }
            });
            for setter in body.setters.iter().filter(|s| !s.required) {
                let name = ident(&setter.method);
                let field = ident(&setter.field);
                let (arg, convert) = setter_spelling(&setter.ty);
                let doc = doc_literal(&format!(" Sets `{}` in the request body.", setter.field));
                let assign = if setter.ty == TypeRef::Json {
                    quote!(self.body.#field = #convert;)
                } else {
                    quote!(self.body.#field = Some(#convert);)
                };
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #name(mut self, value: #arg) -> Self {
                        #assign
                        self
                    }
                });
            }
        } else {
            fields.push(quote!(body: Option<#ty>));
            field_inits.push(quote!(body: None));
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            });
        }
    }

    let to_request = emit_to_request(op);
    let output = match &op.response {
        ResponseBody::Json(ty) => rust_type(ty),
        ResponseBody::Text => quote!(String),
        // An empty answer decodes from `null`, which `()` takes.
        ResponseBody::Empty => quote!(()),
    };
    // A JSON answer comes through the runtime's one future type, so that no operation
    // compiles a state machine and a decode path of its own; a text answer is rare
    // enough to keep its `async fn`.
    let send = if op.response == ResponseBody::Text {
        quote! {
            /// Sends the request and returns the answer's text.
            pub async fn send(self) -> Result<String, crate::Error> {
                let request = self.to_request()?;
                self.client.execute_text(request).await
            }
        }
    } else {
        quote! {
            /// Sends the request and decodes the answer, once awaited.
            pub fn send(self) -> crate::ResponseFuture<'a, #output> {
                crate::ResponseFuture::new(self.client, self.to_request())
            }
        }
    };
    let pagination = op
        .pagination
        .as_ref()
        .map(|p| emit_pagination(op, p, &output));

    let method_docs = doc_attrs(&method_doc(api, op, accessor_chain));
    let builder_doc = doc_attrs(&format!(
        "Builder of the `{}` request: `{} {}`. Set optional parameters, then call `send().await`.",
        op.title.replace('`', "'"),
        op.http_method.as_str(),
        path_template(op)
    ));
    let must_use = format!(
        "`{}` does nothing until you call `.send().await`",
        op.builder_name
    );
    // Fields that are not arguments start empty; the body holds the required body arguments.
    let param_args = arg_converts.len();
    let mut defaults: Vec<TokenStream> = field_inits.iter().skip(param_args).cloned().collect();
    defaults.extend(body_init);
    // `name: name` is written as `name`.
    let arg_inits = arg_names
        .iter()
        .take(param_args)
        .zip(&arg_converts)
        .map(|(name, convert)| {
            if *convert.to_string() == *name.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #convert)
            }
        });
    // Every argument is something the request cannot go without (a path parameter or a
    // required field: the cost tracker's create takes nine); grouping them in a struct
    // would only move the same list into a literal.
    let allow_many = (arg_names.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let method_tokens = quote! {
        #method_docs
        #allow_many
        pub fn #method(&self, #(#arg_names: #arg_types),*) -> #builder<#lifetime> {
            #builder {
                client: #handle_client,
                #( #arg_inits, )*
                #( #defaults, )*
            }
        }
    };
    let builder_tokens = quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            #( #fields, )*
        }

        impl<'a> #builder<'a> {
            #( #setters )*

            /// The request this builder sends, for inspection or for [`Client::execute`](crate::Client::execute).
            pub fn to_request(&self) -> Result<crate::Request, crate::Error> {
                #to_request
            }

            #send

            #pagination
        }
    };
    OperationTokens {
        method: method_tokens,
        builder: builder_tokens,
    }
}

/// `sites/{id_domain}/plugins`, for docs.
pub fn path_template(op: &Operation) -> String {
    op.path
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Param(index) => format!("{{{}}}", op.path_params[*index].name),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn emit_to_request(op: &Operation) -> TokenStream {
    // The path: literals are encoded now, parameters when sent.
    let mut pattern = String::new();
    let mut values = Vec::new();
    for (index, segment) in op.path.iter().enumerate() {
        if index > 0 {
            pattern.push('/');
        }
        match segment {
            // Encoding leaves no `{` or `}` in a literal, so `{}` marks the parameters.
            PathSegment::Literal(text) => pattern.push_str(&encode_literal(text)),
            PathSegment::Param(index) => {
                pattern.push_str("{}");
                let name = ident(&op.path_params[*index].ident);
                values.push(quote!(&self.#name));
            }
        }
    }
    let path = if values.is_empty() {
        quote!(#pattern)
    } else {
        quote!(crate::runtime::fill_path(#pattern, &[#(#values),*]))
    };
    let method = match &op.http_method {
        // Custom tokens were checked in lowering; reqwest sends any valid token.
        HttpMethod::Other(token) => {
            let bytes = proc_macro2::Literal::byte_string(token.as_bytes());
            quote!(reqwest::Method::from_bytes(#bytes).expect("a valid method token"))
        }
        standard => {
            let name = ident(standard.as_str());
            quote!(reqwest::Method::#name)
        }
    };
    // Each step rebinds `request`; the parameters go in one call per run of plain ones.
    let mut steps = Vec::new();
    let mut pairs = Vec::new();
    let flush = |pairs: &mut Vec<TokenStream>, steps: &mut Vec<TokenStream>| {
        if !pairs.is_empty() {
            steps.push(quote!(let request = crate::runtime::with_query(request, &[#(#pairs),*]);));
            pairs.clear();
        }
    };
    for param in &op.query_params {
        let name = ident(&param.ident);
        let key = &param.name;
        if param.repeated {
            flush(&mut pairs, &mut steps);
            let values = if param.required {
                quote!(&self.#name)
            } else {
                quote!(self.#name.as_deref().unwrap_or_default())
            };
            steps.push(
                quote!(let request = crate::runtime::with_query_each(request, #key, #values);),
            );
        } else if param.required {
            pairs.push(quote!((#key, &Some(&self.#name))));
        } else {
            pairs.push(quote!((#key, &self.#name)));
        }
    }
    flush(&mut pairs, &mut steps);
    for header in &op.headers {
        let (name, value) = (&header.name, &header.value);
        steps.push(quote!(let request = request.header(#name, #value);));
    }
    if op.auth == OperationAuth::None {
        steps.push(quote!(let request = request.without_auth();));
    }
    if op.body.as_ref().is_some_and(|b| b.empty_object) {
        steps.push(quote!(let request = request.json(serde_json::json!({}));));
    }
    // The last expression: the request, or serializing the body into it (which can fail).
    let mut last = quote!(Ok(request));
    if let Some(body) = op.body.as_ref().filter(|b| !b.empty_object) {
        let is_struct = matches!(body.ty, TypeRef::Named(_));
        let value = if is_struct {
            quote!(&self.body)
        } else {
            quote!(body)
        };
        let attach = match &body.encoding {
            BodyEncoding::Json | BodyEncoding::GraphQl => quote!(request.json_from(#value)),
            BodyEncoding::Form => quote!(request.form_from(#value)),
            BodyEncoding::Multipart => {
                steps.push(emit_multipart(body));
                quote!(Ok(request))
            }
            BodyEncoding::Text { content_type } => {
                quote!(Ok(request.raw(#content_type, body.clone().into_bytes())))
            }
            BodyEncoding::Binary => {
                quote!(Ok(request.raw("application/octet-stream", body.clone())))
            }
        };
        last = if is_struct || body.encoding == BodyEncoding::Multipart {
            attach
        } else {
            quote! {
                match &self.body {
                    Some(body) => #attach,
                    None => Ok(request),
                }
            }
        };
    }
    quote! {
        let request = crate::Request::new(#method, #path);
        #( #steps )*
        #last
    }
}

fn emit_multipart(body: &RequestBody) -> TokenStream {
    let mut parts = Vec::new();
    for setter in &body.setters {
        let field = ident(&setter.field);
        let name = setter.field.clone();
        let part = if setter.ty == TypeRef::Bytes {
            quote!(crate::Part::file(#name, #name, value.clone()))
        } else {
            quote!(crate::Part::text(#name, value))
        };
        if setter.required {
            parts.push(quote!({ let value = &self.body.#field; parts.push(#part); }));
        } else {
            parts.push(quote!(if let Some(value) = &self.body.#field { parts.push(#part); }));
        }
    }
    quote! {
        let mut parts = Vec::new();
        #( #parts )*
        let request = request.multipart(parts);
    }
}

/// The body a builder starts with: its required fields from the method's arguments
/// (which [`arguments`] lists in the same order), the others unset.
fn body_literal(api: &Api, body: &RequestBody) -> TokenStream {
    let required = required_body_fields(api, body);
    if required.is_empty() {
        return quote!(body: Default::default());
    }
    let ty = rust_type(&body.ty);
    let Some(fields) = struct_fields(api, &body.ty) else {
        return quote!(body: Default::default());
    };
    let inits = fields.iter().map(|field| {
        let name = ident(&field.ident);
        match required.iter().find(|(f, _)| f.ident == field.ident) {
            Some((_, setter)) => {
                let arg = ident(&setter.method);
                match setter.ty {
                    TypeRef::String | TypeRef::Bytes => quote!(#name: #arg.into()),
                    _ if arg == name => quote!(#name),
                    _ => quote!(#name: #arg),
                }
            }
            None if field.ty == TypeRef::Json => quote!(#name: serde_json::Value::Null),
            None => quote!(#name: None),
        }
    });
    quote!(body: #ty { #(#inits),* })
}

/// The fields of the struct a named type stands for (following aliases).
fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = api.types.iter().find(|d| d.name == *name)?;
    match &def.kind {
        TypeKind::Struct(body) => Some(&body.fields),
        TypeKind::Alias(target) => struct_fields(api, target),
    }
}

/// Percent-encodes what a path segment may not hold as it is.
pub(super) fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `stream` and `collect_all` of a paged list: the runtime's one `Pages` stream, given
/// how to take a page's items and totals out of the answer (`answer`).
fn emit_pagination(op: &Operation, pagination: &Pagination, answer: &TokenStream) -> TokenStream {
    let item = rust_type(&pagination.item_type);
    let page = ident(&pagination.page_param);
    // The page parameter's name on the wire, which each page's request sets.
    let page_key = op
        .query_params
        .iter()
        .find(|q| q.ident == pagination.page_param)
        .map_or_else(|| pagination.page_param.clone(), |q| q.name.clone());
    let per_page = match &pagination.per_page_param {
        Some(name) => {
            let name = ident(name);
            quote!(self.#name.and_then(|n| u64::try_from(n).ok()))
        }
        None => quote!(None),
    };
    let items = match (&pagination.items_field, pagination.container) {
        (Some(field), Container::List) => {
            let field = ident(field);
            quote!(answer.#field)
        }
        (Some(field), Container::Map) => {
            let field = ident(field);
            quote!(answer.#field.into_values().collect())
        }
        (None, Container::List) => quote!(answer),
        (None, Container::Map) => quote!(answer.into_values().collect()),
    };
    // Totals are read before the items are moved out of the answer.
    let mut totals = Vec::new();
    let mut with_totals = Vec::new();
    for (field, setter) in [
        (&pagination.total_items_field, quote!(with_total_items)),
        (&pagination.total_pages_field, quote!(with_total_pages)),
    ] {
        if let Some(field) = field {
            let field = ident(field);
            totals.push(quote!(let #field = u64::try_from(answer.#field).ok();));
            with_totals.push(quote!(.#setter(#field)));
        }
    }
    let doc = doc_attrs(&format!(
        "Every item of every page, fetched lazily page after page starting at `{}` (default 1).\n\nThe stream ends after the last page or at the first error, which it yields.",
        pagination.page_param
    ));
    let page_required = op
        .query_params
        .iter()
        .any(|q| q.ident == pagination.page_param && q.required);
    let first = if page_required {
        quote!(u64::try_from(self.#page).unwrap_or(1))
    } else {
        quote!(self.#page.and_then(|n| u64::try_from(n).ok()).unwrap_or(1))
    };
    let per_page_required = op
        .query_params
        .iter()
        .any(|q| Some(&q.ident) == pagination.per_page_param.as_ref() && q.required);
    let per_page = if per_page_required {
        let name = ident(pagination.per_page_param.as_deref().unwrap_or_default());
        quote!(u64::try_from(self.#name).ok())
    } else {
        per_page
    };
    quote! {
        #doc
        pub fn stream(self) -> impl futures::Stream<Item = Result<#item, crate::Error>> + 'a {
            let first = #first;
            let per_page = #per_page;
            crate::runtime::Pages::new(
                self.client,
                self.to_request(),
                #page_key,
                first,
                per_page,
                |answer: #answer| {
                    #( #totals )*
                    crate::runtime::Page::new(#items) #( #with_totals )*
                },
            )
        }

        /// Every item of every page, collected (see [`stream`](Self::stream)).
        pub fn collect_all(
            self,
        ) -> impl std::future::Future<Output = Result<Vec<#item>, crate::Error>> + 'a {
            crate::runtime::collect_all(self.stream())
        }
    }
}

/// Example values for the arguments of an operation's method.
fn example_args(api: &Api, op: &Operation) -> Vec<String> {
    let body_args = op.body.iter().flat_map(|body| {
        let fields = struct_fields(api, &body.ty).unwrap_or_default();
        body.setters
            .iter()
            .filter(|s| s.required)
            .map(move |setter| {
                let example = fields
                    .iter()
                    .find(|f| f.ident == setter.field)
                    .and_then(|f| f.example.clone());
                body_example_literal(&setter.ty, example)
            })
    });
    let params: Vec<String> = op
        .path_params
        .iter()
        .map(|p| example_literal(&p.ty, p.example.as_deref()))
        .chain(op.query_params.iter().filter(|q| q.required).map(|q| {
            if q.repeated {
                format!("[{:?}]", q.example.clone().unwrap_or_default())
            } else {
                example_literal(&q.ty, q.example.as_deref())
            }
        }))
        .collect();
    params.into_iter().chain(body_args).collect()
}

/// A doc example's value for a required body field, from the collection's example.
fn body_example_literal(ty: &TypeRef, example: Option<serde_json::Value>) -> String {
    use serde_json::Value;
    match (ty, example) {
        (TypeRef::String, Some(Value::String(text))) => format!("{text:?}"),
        (TypeRef::String, Some(other)) => format!("{:?}", other.to_string()),
        (TypeRef::String, None) => "\"\"".to_string(),
        (TypeRef::Integer, Some(Value::Number(n))) if n.is_i64() => n.to_string(),
        (TypeRef::Float, Some(Value::Number(n))) => format!("{:?}", n.as_f64().unwrap_or(0.0)),
        (TypeRef::Bool, Some(Value::Bool(b))) => b.to_string(),
        (TypeRef::Integer, _) => "0".to_string(),
        (TypeRef::Float, _) => "0.0".to_string(),
        (TypeRef::Bool, _) => "false".to_string(),
        _ => "Default::default()".to_string(),
    }
}

/// The rustdoc of an operation's method: description, method and path, permission,
/// background work and an example call.
fn method_doc(api: &Api, op: &Operation, accessor_chain: &str) -> String {
    let mut doc = String::new();
    let description = sanitize(&op.description);
    if description.is_empty() {
        doc.push_str(&format!("{}.", op.title.replace(['`', '[', ']'], "'")));
    } else {
        doc.push_str(&description);
    }
    doc.push_str(&format!(
        "\n\n`{} {}`",
        op.http_method.as_str(),
        path_template(op)
    ));
    if !matches!(api.auth, Auth::None) {
        let permission = match (op.access, &op.auth) {
            (_, OperationAuth::None) => " (sent without credentials)".to_string(),
            (Access::Read, _) => " · needs a key with **read** permission".to_string(),
            (Access::Write, _) => " · needs a key with **write** permission".to_string(),
        };
        doc.push_str(&permission);
    }
    doc.push('.');
    let crate_ident = api.crate_name.replace('-', "_");
    if let Some(background) = &op.background {
        doc.push_str(&format!(
            "\n\n# Background work\n\nThe server answers as soon as the work has started, before it is done: the answer carries {}. \
             Give the work time, then read the outcome again.",
            background.fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        ));
        if let Some(recheck) = &background.recheck {
            let start = format!(
                "client{accessor_chain}.{}({})",
                op.method_name,
                example_args(api, op).join(", ")
            );
            let read_args: Vec<String> = recheck
                .path_params
                .iter()
                .filter_map(|name| op.path_params.iter().find(|p| p.name == *name))
                .map(|p| example_literal(&p.ty, p.example.as_deref()))
                .collect();
            let read = format!(
                "client{accessor_chain}.{}({})",
                recheck.method,
                read_args.join(", ")
            );
            doc.push_str(&format!(
                "\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\n\
                 let started = {start}.send().await?;\n\
                 // The work goes on after the answer: wait, then read the state again.\n\
                 tokio::time::sleep(std::time::Duration::from_secs(30)).await;\n\
                 let now = {read}.send().await?;\n\
                 # let _ = (started, now);\n# Ok(())\n# }}\n```"
            ));
        }
    }
    let args = example_args(api, op);
    let call = format!(
        "client{accessor_chain}.{}({})",
        op.method_name,
        args.join(", ")
    );
    doc.push_str(&format!(
        "\n\n# Example\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\nlet answer = {call}.send().await?;\n# let _ = answer;\n# Ok(())\n# }}\n```"
    ));
    doc
}
