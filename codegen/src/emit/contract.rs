//! `tests/contract.rs`: one test per saved example of every request.
//!
//! Each test starts the crate's mock server (`src/mock.rs`, the `mock` feature) and
//! mounts the operation's typed stub, built with the example's values and answering
//! with the example by name; on top of the stub's own matching, a matcher written out
//! here expects exactly the request the example shows (method, literal path, query,
//! `Authorization`, body). The generated client makes the call and the test checks the
//! typed outcome, then that the stub got its one call and nothing else came. Coverage is
//! every example of every operation, for the client and the mock alike, by construction.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::ident;
use super::resource::accessor_chain;
use crate::ir::*;
use crate::naming::{snake_ident, NameSet};

pub fn emit_contract_tests(api: &Api) -> Vec<TokenStream> {
    let crate_ident = ident(&api.crate_name.replace('-', "_"));
    let mut names = NameSet::new();
    names.reserve(["check_api_error", "saved_answer"]);
    let mut tests = Vec::new();
    let mut reads_saved_answers = false;
    for (resource, op) in api.operations() {
        let chain = accessor_chain(api, resource);
        let builder = ident(&op.builder_name);
        let builder = if resource.location.is_empty() {
            quote!(#crate_ident::#builder)
        } else {
            let module = ident(&resource.module);
            quote!(#crate_ident::#module::#builder)
        };
        for (index, (example, outcome)) in op.examples.iter().zip(&op.outcomes).enumerate() {
            let name = names.claim(&snake_ident(
                &format!("{} {} {}", resource.module, op.method_name, example.name),
                "example",
            ));
            // The saved answer, as the mock serves it: the mock holds every example's
            // text, so the test names it rather than writing it out a second time.
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let saved = quote!(saved_answer::<#builder>(#index));
            let (test, reads_saved) =
                emit_test(api, op, (example, &saved), outcome, &chain, &ident(&name));
            reads_saved_answers |= reads_saved;
            tests.push(test);
        }
    }
    // Helpers only where a test uses them: unused code would be a warning.
    let uses_api_error = api_error_used(api);
    let saved_answer = reads_saved_answers.then(|| {
        quote! {
            /// The text of an operation's saved answer, by its index in the collection.
            fn saved_answer<B: #crate_ident::mock::Operation>(index: usize) -> &'static str {
                B::EXAMPLES[index].body
            }
        }
    });
    let check_api_error = uses_api_error.then(|| {
        quote! {
            fn check_api_error<T: std::fmt::Debug>(result: Result<T, #crate_ident::Error>, want: &str) {
                match result {
                    Err(#crate_ident::Error::Api { code, .. }) => assert_eq!(code, want),
                    other => panic!("expected the API error `{want}`, got {other:?}"),
                }
            }
        }
    });
    let head = quote! {
        //! Contract tests: every saved example of the collection, replayed against the mock server.

        use #crate_ident::mock::Server;
        use wiremock::{Match, Request};

        const TOKEN: &str = #crate_ident::mock::TOKEN;

        /// What the server expects to receive, written out from the example.
        struct Expected {
            method: &'static str,
            path: &'static str,
            query: &'static [(&'static str, &'static str)],
            /// `Some(true)`: the bearer token; `Some(false)`: no `Authorization`; `None`: not checked.
            bearer: Option<bool>,
            /// The JSON body, compared leniently.
            json: Option<&'static str>,
            /// The form fields.
            form: Option<&'static [(&'static str, &'static str)]>,
        }

        struct Exactly(Expected);

        impl Match for Exactly {
            fn matches(&self, request: &Request) -> bool {
                let expected = &self.0;
                let mut query: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                let mut want: Vec<(String, String)> = expected.query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                query.sort();
                want.sort();
                let authorization = request.headers.get("authorization").and_then(|v| v.to_str().ok());
                let auth_ok = match expected.bearer {
                    Some(true) => authorization == Some(format!("Bearer {TOKEN}").as_str()),
                    Some(false) => authorization.is_none(),
                    None => true,
                };
                let json_ok = expected.json.is_none_or(|text| {
                    let want: serde_json::Value = serde_json::from_str(text).expect("the expected body is JSON");
                    serde_json::from_slice::<serde_json::Value>(&request.body).is_ok_and(|seen| same_json(&want, &seen))
                });
                let form_ok = expected.form.is_none_or(|pairs| {
                    let seen: Vec<(String, String)> = url_pairs(&request.body);
                    seen.len() == pairs.len()
                        && pairs.iter().all(|(k, v)| seen.iter().any(|(sk, sv)| sk == k && same_scalar(v, sv)))
                });
                let body_ok = json_ok && form_ok;
                request.method.as_str() == expected.method
                    && request.url.path() == expected.path
                    && query == want
                    && auth_ok
                    && body_ok
            }
        }

        /// JSON equality that lets numbers differ in spelling (`30` and `30.0`) and
        /// treats a `null` member as absent, as a typed body leaves unset members out.
        fn same_json(want: &serde_json::Value, seen: &serde_json::Value) -> bool {
            use serde_json::Value;
            match (want, seen) {
                (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
                (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y)),
                (Value::Object(a), Value::Object(b)) => {
                    a.iter().filter(|(_, v)| !v.is_null()).all(|(k, v)| b.get(k).is_some_and(|s| same_json(v, s)))
                        && b.iter().all(|(k, v)| v.is_null() || a.get(k).is_some_and(|w| !w.is_null()))
                }
                _ => want == seen,
            }
        }

        /// Form values as sent: flags may be spelled `1`/`true` and `0`/`false`.
        fn same_scalar(want: &str, seen: &str) -> bool {
            let flag = |v: &str| match v {
                "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                _ => None,
            };
            want == seen || flag(want).is_some() && flag(want) == flag(seen)
        }

        fn url_pairs(body: &[u8]) -> Vec<(String, String)> {
            url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
        }

        /// The answer decodes, and serialized back it says what the example said: every
        /// member of the example is in a typed field (the `extra` maps are not serialized,
        /// so a member that fell into one shows up here as missing) with the same value.
        ///
        /// Normalisations, those of the lenient decoders and nothing more: numbers
        /// compare by value (`"3"`, `3` and `3.0` alike); `0`/`1`, `"0"`/`"1"`,
        /// `"true"`/`"false"`, `"yes"`/`"no"` and `""` may stand for a boolean; a number
        /// or boolean may come back as text; `null`, `""`, `[]` and `{}` may come back as
        /// absent or empty; an object of items may come back as the list of its values,
        /// and a list as an object keyed `"0"`, `"1"`, ....
        fn assert_faithful<T: serde::Serialize>(result: Result<T, #crate_ident::Error>, example: &str) {
            let answer = result.expect("the saved answer decodes into the typed response");
            let want: serde_json::Value = serde_json::from_str(example).expect("the saved answer is JSON");
            let seen = serde_json::to_value(&answer).expect("the typed answer serializes");
            let mut differences = Vec::new();
            compare_answer(&want, &seen, "$", &mut differences);
            assert!(
                differences.is_empty(),
                "the typed answer does not give the example back:\n{}\nround trip: {seen}",
                differences.join("\n")
            );
        }

        fn is_empty_json(value: &serde_json::Value) -> bool {
            use serde_json::Value;
            match value {
                Value::Null => true,
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            }
        }

        fn as_flag(value: &serde_json::Value) -> Option<bool> {
            use serde_json::Value;
            match value {
                Value::Bool(b) => Some(*b),
                Value::Number(n) => match n.as_f64() {
                    Some(1.0) => Some(true),
                    Some(0.0) => Some(false),
                    _ => None,
                },
                Value::String(s) => match s.as_str() {
                    "1" | "true" | "yes" => Some(true),
                    "0" | "false" | "no" | "" => Some(false),
                    _ => None,
                },
                _ => None,
            }
        }

        fn as_number(value: &serde_json::Value) -> Option<f64> {
            use serde_json::Value;
            match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        }

        fn as_text(value: &serde_json::Value) -> Option<String> {
            use serde_json::Value;
            match value {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }

        fn compare_answer(want: &serde_json::Value, seen: &serde_json::Value, at: &str, differences: &mut Vec<String>) {
            use serde_json::Value;
            match (want, seen) {
                (Value::Object(w), Value::Object(s)) => {
                    for (key, value) in w {
                        let here = format!("{at}.{key}");
                        match s.get(key) {
                            Some(found) => compare_answer(value, found, &here, differences),
                            None if is_empty_json(value) => {}
                            None => differences.push(format!("{here}: missing (fell into `extra`?), the example has {value}")),
                        }
                    }
                    for (key, value) in s {
                        if !w.contains_key(key) && !is_empty_json(value) {
                            differences.push(format!("{at}.{key}: not in the example, came back as {value}"));
                        }
                    }
                }
                (Value::Array(w), Value::Array(s)) => {
                    if w.len() != s.len() {
                        differences.push(format!("{at}: {} items in the example, {} back", w.len(), s.len()));
                    }
                    for (index, (w, s)) in w.iter().zip(s).enumerate() {
                        compare_answer(w, s, &format!("{at}[{index}]"), differences);
                    }
                }
                // An object of items read as a list of its values.
                (Value::Object(w), Value::Array(s)) => {
                    let values: Vec<Value> = w.values().cloned().collect();
                    compare_answer(&Value::Array(values), &Value::Array(s.clone()), at, differences);
                }
                // A list read as a map keyed by position.
                (Value::Array(w), Value::Object(_)) => {
                    let keyed: serde_json::Map<String, Value> = w.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect();
                    compare_answer(&Value::Object(keyed), seen, at, differences);
                }
                _ if is_empty_json(want) && is_empty_json(seen) => {}
                _ if want == seen => {}
                (_, Value::Bool(b)) if as_flag(want) == Some(*b) => {}
                (_, Value::Number(_)) if as_number(want).is_some() && as_number(want) == as_number(seen) => {}
                (_, Value::String(s)) if as_text(want).as_deref() == Some(s.as_str()) => {}
                (Value::String(_), Value::String(_)) if as_number(want).is_some() && as_number(want) == as_number(seen) => {}
                _ => differences.push(format!("{at}: the example has {want}, came back as {seen}")),
            }
        }

        #check_api_error

        #saved_answer
    };
    std::iter::once(head).chain(tests).collect()
}

/// Whether any example ends in a WordPress error with a code.
fn api_error_used(api: &Api) -> bool {
    api.operations()
        .flat_map(|(_, op)| &op.outcomes)
        .any(|o| matches!(&o.kind, OutcomeKind::ApiError { code: Some(_) }))
}

/// `saved` reads the example's answer from the mock's saved answers. Also returns whether
/// the test does.
fn emit_test(
    api: &Api,
    op: &Operation,
    (example, saved): (&Example, &TokenStream),
    outcome: &Outcome,
    chain: &str,
    name: &proc_macro2::Ident,
) -> (TokenStream, bool) {
    // Path: written out as the server must see it, the example's values percent-encoded
    // here (everything but the unreserved characters), not by the code under test.
    let crate_path = ident(&api.crate_name.replace('-', "_"));
    let mut relative = String::new();
    for segment in &op.path {
        if !relative.is_empty() {
            relative.push('/');
        }
        match segment {
            PathSegment::Literal(text) => relative.push_str(text),
            PathSegment::Param(index) => {
                let param = &op.path_params[*index];
                relative.push_str(&percent_encode(&path_value(param, example)));
            }
        }
    }
    let path = format!("{}/{relative}", api.base_url.api_root);

    // Arguments and setters from the example's query values.
    let mut args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| path_arg(p, &path_value(p, example)))
        .collect();
    let mut setters = Vec::new();
    let mut expected_query = Vec::new();
    for param in &op.query_params {
        let values: Vec<&String> = example
            .query
            .iter()
            .filter(|(k, _)| *k == param.name)
            .map(|(_, v)| v)
            .collect();
        let typed: Vec<(TokenStream, String)> = values
            .iter()
            .filter_map(|v| query_value(&param.ty, v))
            .collect();
        let name = ident(&param.ident);
        if param.repeated {
            let items: Vec<&String> = typed.iter().map(|(_, shown)| shown).collect();
            expected_query.extend(items.iter().map(|v| (param.name.clone(), (*v).clone())));
            let call = quote!([#(#items),*]);
            if param.required {
                args.push(call);
            } else if !items.is_empty() {
                setters.push(quote!(.#name(#call)));
            }
            continue;
        }
        match typed.into_iter().next() {
            Some((literal, shown)) => {
                expected_query.push((param.name.clone(), shown));
                if param.required {
                    args.push(literal);
                } else {
                    setters.push(quote!(.#name(#literal)));
                }
            }
            None if param.required => {
                // The example leaves out a parameter the request always sends: send its default.
                let (literal, shown) =
                    query_value(&param.ty, param.example.as_deref().unwrap_or_default())
                        .unwrap_or_else(|| default_value(&param.ty));
                expected_query.push((param.name.clone(), shown));
                args.push(literal);
            }
            None => {}
        }
    }
    let mut query_pairs: Vec<TokenStream> = expected_query
        .iter()
        .map(|(k, v)| quote!((#k, #v)))
        .collect();
    // An API key in the query string is the client's token, added to every request.
    if let (
        Auth::ApiKey {
            name,
            in_query: true,
        },
        OperationAuth::Client,
    ) = (&api.auth, &op.auth)
    {
        query_pairs.push(quote!((#name, TOKEN)));
    }
    // The stub takes the query setters as they are; the body goes to `with_body`.
    let query_setters = setters.clone();
    let mut stub_body = None;

    // The body, given as the typed body built from the example.
    let mut json_check = quote!(None);
    let mut form_check = quote!(None);
    // An example that leaves out a required body field shows the server refusing a
    // request the typed builder cannot make: it is sent through `Client::execute`.
    let mut raw_body = None;
    if let (Some(body), Some(text)) = (&op.body, &example.body) {
        if let Ok(Value::Object(sent)) = serde_json::from_str::<Value>(text) {
            match required_body_args(api, body, &sent) {
                Some(body_args) => args.extend(body_args),
                None => raw_body = Some((body.encoding.clone(), Value::Object(sent))),
            }
        }
        match &body.encoding {
            BodyEncoding::Json if body.empty_object => {
                json_check = quote!(Some("{}"));
            }
            BodyEncoding::Json | BodyEncoding::GraphQl => {
                if let Ok(value) = serde_json::from_str::<Value>(text) {
                    let compact = value.to_string();
                    let typed = quote!(serde_json::from_str(#compact).expect("the example body fits the body type"));
                    setters.push(quote!(.body(#typed)));
                    stub_body = Some(typed);
                    json_check = quote!(Some(#compact));
                }
            }
            BodyEncoding::Form => {
                if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) {
                    let compact = Value::Object(fields.clone()).to_string();
                    let typed = quote!(serde_json::from_str(#compact).expect("the example body fits the body type"));
                    setters.push(quote!(.body(#typed)));
                    stub_body = Some(typed);
                    let pairs = fields.iter().filter_map(|(k, v)| {
                        let v = v.as_str().unwrap_or_default();
                        (!v.is_empty()).then(|| quote!((#k, #v)))
                    });
                    form_check = quote!(Some(&[#(#pairs),*]));
                }
            }
            _ => {}
        }
    }

    let bearer = match (&api.auth, &op.auth) {
        (_, OperationAuth::None) => quote!(Some(false)),
        (Auth::Bearer { .. }, OperationAuth::Client) => quote!(Some(true)),
        _ => quote!(None),
    };
    let method = op.http_method.as_str();
    let status = example.status;
    let content_type = example
        .content_type
        .clone()
        .unwrap_or_else(|| "application/json".to_string());
    let call_chain: TokenStream = format!("server.client(){chain}")
        .parse()
        .unwrap_or_else(|_| quote!(server.client()));
    let server_chain: TokenStream = format!("server{chain}")
        .parse()
        .unwrap_or_else(|_| quote!(server));
    let method_name = ident(&op.method_name);
    let example_name = &example.name;
    let expected = quote! {
        Exactly(Expected {
            method: #method,
            path: #path,
            query: &[#(#query_pairs),*],
            bearer: #bearer,
            json: #json_check,
            form: #form_check,
        })
    };
    let (stub, call) = match &raw_body {
        Some((encoding, sent)) => {
            let json = sent.to_string();
            let http = ident(method);
            let attach = if *encoding == BodyEncoding::Form {
                quote!(form)
            } else {
                quote!(json)
            };
            (
                quote! {
                    let request = #crate_path::Request::new(reqwest::Method::#http, #relative)
                        .#attach(serde_json::from_str(#json).expect("the example body is JSON"));
                    server
                        .expect_request(request.clone())
                        .responds_raw(#status, #content_type, response)
                        .and(#expected)
                        .times(1)
                        .await;
                },
                quote! {
                    let result = server.client().execute::<serde_json::Value>(request).await;
                },
            )
        }
        None => {
            let with_query =
                (!query_setters.is_empty()).then(|| quote!(.with_query(|q| q #(#query_setters)*)));
            let with_body = stub_body.map(|body| quote!(.with_body(#body)));
            (
                quote! {
                    #server_chain.#method_name(#(#args),*)
                        #with_query
                        #with_body
                        .responds_example(#example_name)
                        .and(#expected)
                        .times(1)
                        .await;
                },
                quote! {
                    let result = #call_chain.#method_name(#(#args),*)#(#setters)*.send().await;
                },
            )
        }
    };
    let text_success = (200..300).contains(&status);
    // The saved answer: named once where the stub serves it by hand, else read where the
    // test compares with it.
    let response = match raw_body {
        Some(_) => quote!(response),
        None => saved.clone(),
    };
    // The check, and whether it compares with the saved answer.
    let (check, compares_answer) = match (&outcome.kind, &op.response) {
        (OutcomeKind::Success, ResponseBody::Text) => (
            quote! {
                assert_eq!(result.expect("the saved answer is returned as text"), #response);
            },
            true,
        ),
        (OutcomeKind::Success, ResponseBody::Empty) => (
            quote! {
                let () = result.expect("the saved empty answer gives ()");
            },
            false,
        ),
        (OutcomeKind::Success, _) => (quote!(assert_faithful(result, #response);), true),
        (OutcomeKind::Rejected, _) => (
            quote! {
                assert!(matches!(result, Err(#crate_path::Error::Rejected { .. })), "expected Error::Rejected, got {result:?}");
            },
            false,
        ),
        (OutcomeKind::ApiError { code: Some(code) }, _) => {
            (quote!(check_api_error(result, #code);), false)
        }
        (OutcomeKind::NotJson, ResponseBody::Text) if text_success => (
            quote! {
                assert_eq!(result.expect("the saved answer is returned as text"), #response);
            },
            true,
        ),
        _ => (
            quote! {
                assert!(result.is_err(), "expected an error, got {result:?}");
            },
            false,
        ),
    };
    let reads_saved = raw_body.is_some() || compares_answer;
    let response = raw_body.is_some().then(|| quote!(let response = #saved;));
    let doc = format!(
        " `{}` — example {:?}.",
        op.location.replace('`', "'"),
        example.name
    );
    let doc = super::docs::doc_literal(&super::docs::plain_text(&doc));
    let test = quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            #response
            let server = Server::start().await;
            #stub
            #call
            #check
            server.verify().await;
        }
    };
    (test, reads_saved)
}

fn path_value(param: &PathParam, example: &Example) -> String {
    example
        .path_args
        .iter()
        .find(|(name, _)| *name == param.name)
        .map(|(_, v)| v.clone())
        .or_else(|| param.example.clone())
        .unwrap_or_else(|| "1".to_string())
}

/// The argument for a path parameter; the path shows the same text.
fn path_arg(param: &PathParam, value: &str) -> TokenStream {
    match &param.ty {
        ParamType::Integer => match value.parse::<i64>() {
            Ok(n) => quote!(#n),
            Err(_) => quote!(0i64),
        },
        ParamType::Boolean => {
            let b = value == "true";
            quote!(#b)
        }
        _ => quote!(#value),
    }
}

/// A query value as a typed literal, and the text the client will send for it.
fn query_value(ty: &ParamType, value: &str) -> Option<(TokenStream, String)> {
    match ty {
        ParamType::Integer => value
            .parse::<i64>()
            .ok()
            .map(|n| (quote!(#n), n.to_string())),
        ParamType::Boolean => value
            .parse::<bool>()
            .ok()
            .map(|b| (quote!(#b), b.to_string())),
        _ => Some((quote!(#value), value.to_string())),
    }
}

fn default_value(ty: &ParamType) -> (TokenStream, String) {
    match ty {
        ParamType::Integer => (quote!(0i64), "0".to_string()),
        ParamType::Boolean => (quote!(false), "false".to_string()),
        _ => (quote!(""), String::new()),
    }
}

/// The arguments an operation's method takes for its required body fields, from the
/// values the example sent (the whole body is then given through `.body(..)` as well).
/// `None` when the example leaves one of them out.
fn required_body_args(
    api: &Api,
    body: &RequestBody,
    sent: &serde_json::Map<String, Value>,
) -> Option<Vec<TokenStream>> {
    let fields = struct_fields(api, &body.ty);
    body.setters
        .iter()
        .filter(|s| s.required)
        .map(|setter| {
            let name = fields
                .iter()
                .find(|f| f.ident == setter.field)
                .map_or(setter.field.as_str(), |f| f.name.as_str());
            sent.get(name).map(|value| body_value(&setter.ty, value))
        })
        .collect()
}

/// Percent-encodes a path value as a server receives it: every byte but the unreserved
/// characters (RFC 3986 `A-Z a-z 0-9 - . _ ~`) as `%XX`.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// A body value as an argument of the field's type.
fn body_value(ty: &TypeRef, value: &Value) -> TokenStream {
    let text = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match ty {
        TypeRef::String => quote!(#text),
        TypeRef::Integer => {
            let n: i64 = text.parse().unwrap_or_default();
            quote!(#n)
        }
        TypeRef::Float => {
            let n: f64 = text.parse().unwrap_or_default();
            quote!(#n)
        }
        TypeRef::Bool => {
            let b = matches!(text.as_str(), "true" | "1");
            quote!(#b)
        }
        _ => {
            let json = value.to_string();
            quote!(serde_json::from_str(#json).expect("the example value fits the field type"))
        }
    }
}

/// The fields of the struct a named type stands for (following aliases).
fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a Field> {
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    match api.types.iter().find(|d| d.name == *name).map(|d| &d.kind) {
        Some(TypeKind::Struct(body)) => body.fields.iter().collect(),
        Some(TypeKind::Alias(target)) => struct_fields(api, target),
        None => Vec::new(),
    }
}
