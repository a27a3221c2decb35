//! `tests/contract.rs`: one test per saved example of every request.
//!
//! Each test starts a local HTTP server that expects exactly the request the example
//! shows (method, path, query, `Authorization`, body) and answers with the example's
//! saved response; the generated client makes the call with the example's values and
//! the test checks the typed outcome. Coverage is every example of every operation,
//! by construction.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::ident;
use super::resource::accessor_chain;
use crate::ir::*;
use crate::naming::{snake_ident, NameSet};

pub fn emit_contract_tests(api: &Api) -> TokenStream {
    let crate_ident = ident(&api.crate_name.replace('-', "_"));
    let mut names = NameSet::new();
    names.reserve(["expect_call", "check_api_error"]);
    let mut tests = Vec::new();
    for (resource, op) in api.operations() {
        let chain = accessor_chain(api, resource);
        for (example, outcome) in op.examples.iter().zip(&op.outcomes) {
            let name = names.claim(&snake_ident(
                &format!("{} {} {}", resource.module, op.method_name, example.name),
                "example",
            ));
            tests.push(emit_test(api, op, example, outcome, &chain, &ident(&name)));
        }
    }
    // Helpers only where a test uses them: unused code would be a warning.
    let uses_api_error = api_error_used(api);
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
    quote! {
        //! Contract tests: every saved example of the collection, replayed against a local server.

        use #crate_ident::Client;
        use wiremock::matchers::{method, path};
        use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

        const TOKEN: &str = "contract-test-token";

        /// What the server expects to receive and how it answers.
        struct Expected {
            method: &'static str,
            path: String,
            query: &'static [(&'static str, &'static str)],
            /// `Some(true)`: the bearer token; `Some(false)`: no `Authorization`; `None`: not checked.
            bearer: Option<bool>,
            /// The JSON body, compared leniently.
            json: Option<&'static str>,
            /// The form fields.
            form: Option<&'static [(&'static str, &'static str)]>,
            status: u16,
            content_type: &'static str,
            response: &'static str,
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
                query == want && auth_ok && body_ok
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

        /// A server expecting exactly one such call, and a client pointed at it.
        async fn expect_call(expected: Expected) -> (MockServer, Client) {
            let server = MockServer::start().await;
            let answer = ResponseTemplate::new(expected.status).set_body_raw(expected.response, expected.content_type);
            Mock::given(method(expected.method))
                .and(path(expected.path.clone()))
                .and(Exactly(expected))
                .respond_with(answer)
                .expect(1)
                .mount(&server)
                .await;
            let client = Client::builder()
                .base_url(server.uri())
                .token(TOKEN)
                .max_attempts(1)
                .build()
                .expect("a client for the local server");
            (server, client)
        }

        #check_api_error

        #( #tests )*
    }
}

/// Whether any example ends in a WordPress error with a code.
fn api_error_used(api: &Api) -> bool {
    api.operations()
        .flat_map(|(_, op)| &op.outcomes)
        .any(|o| matches!(&o.kind, OutcomeKind::ApiError { code: Some(_) }))
}

fn emit_test(
    api: &Api,
    op: &Operation,
    example: &Example,
    outcome: &Outcome,
    chain: &str,
    name: &proc_macro2::Ident,
) -> TokenStream {
    // Path: the example's values, encoded the way the client encodes them.
    let crate_path = ident(&api.crate_name.replace('-', "_"));
    let mut pattern = String::from("{}");
    let mut segments = Vec::new();
    for segment in &op.path {
        pattern.push('/');
        match segment {
            PathSegment::Literal(text) => {
                pattern.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(index) => {
                let param = &op.path_params[*index];
                let value = path_value(param, example);
                pattern.push_str("{}");
                segments.push(quote!(#crate_path::encode_path_segment(#value)));
            }
        }
    }
    let path = quote!(format!(#pattern, #crate_path::API_ROOT, #(#segments),*));

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
    let query_pairs = expected_query.iter().map(|(k, v)| quote!((#k, #v)));

    // The body, given as the typed body built from the example.
    let mut json_check = quote!(None);
    let mut form_check = quote!(None);
    if let (Some(body), Some(text)) = (&op.body, &example.body) {
        match &body.encoding {
            BodyEncoding::Json | BodyEncoding::GraphQl => {
                if let Ok(value) = serde_json::from_str::<Value>(text) {
                    let compact = value.to_string();
                    setters.push(quote!(.body(serde_json::from_str(#compact).expect("the example body fits the body type"))));
                    json_check = quote!(Some(#compact));
                }
            }
            BodyEncoding::Form => {
                if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) {
                    let compact = Value::Object(fields.clone()).to_string();
                    setters.push(quote!(.body(serde_json::from_str(#compact).expect("the example body fits the body type"))));
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
    let response = example.response_body.clone().unwrap_or_default();
    let call_chain: TokenStream = format!("client{chain}")
        .parse()
        .unwrap_or_else(|_| quote!(client));
    let method_name = ident(&op.method_name);
    let check = match (&outcome.kind, &op.response) {
        (OutcomeKind::Success, ResponseBody::Text) => quote! {
            assert_eq!(result.expect("the saved answer is returned as text"), #response);
        },
        (OutcomeKind::Success, _) => quote! {
            let answer = result.expect("the saved answer decodes into the typed response");
            let _ = answer;
        },
        (OutcomeKind::Rejected, _) => quote! {
            assert!(matches!(result, Err(#crate_path::Error::Rejected { .. })), "expected Error::Rejected, got {result:?}");
        },
        (OutcomeKind::ApiError { code: Some(code) }, _) => quote! {
            check_api_error(result, #code);
        },
        (OutcomeKind::NotJson, ResponseBody::Text) if (200..300).contains(&status) => quote! {
            assert_eq!(result.expect("the saved answer is returned as text"), #response);
        },
        _ => quote! {
            assert!(result.is_err(), "expected an error, got {result:?}");
        },
    };
    let doc = format!(
        " `{}` — example {:?}.",
        op.location.replace('`', "'"),
        example.name
    );
    let doc = super::docs::plain_text(&doc);
    quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            let (_server, client) = expect_call(Expected {
                method: #method,
                path: #path,
                query: &[#(#query_pairs),*],
                bearer: #bearer,
                json: #json_check,
                form: #form_check,
                status: #status,
                content_type: #content_type,
                response: #response,
            })
            .await;
            let result = #call_chain.#method_name(#(#args),*)#(#setters)*.send().await;
            #check
        }
    }
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
