//! Properties of the generator over random but valid Postman collections.
//!
//! The strategies build collections as JSON the way exports and hand-written files
//! spell them: folders nested to random depth, names with unicode, keywords,
//! punctuation or nothing at all, urls as strings or objects with `:vars` and
//! `{{vars}}`, query parameters enabled, disabled and repeated, every body mode, any
//! auth type, and saved examples whose bodies are arbitrary JSON. For each collection:
//!
//! - parse -> lower -> emit never panics, and an error always has a message;
//! - generating twice gives byte-identical files (and the same API model);
//! - every generated Rust file parses with `syn`, and every file name can be written;
//! - every identifier in the API model is a valid Rust identifier and not a keyword.
//!
//! Each property runs [`CASES`] cases (`PROPTEST_CASES` overrides). The ignored [`random_collections_compile_without_warnings`]
//! also compiles the crates of random collections.

use mainwp_codegen::ir::{Api, PathParamKind, Resource, TypeKind};
use mainwp_codegen::GeneratedFile;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value};

/// Cases per property: enough to hit every strategy branch many times while the four
/// properties stay within about 20 s together in a debug build.
const CASES: u32 = 96;

/// [`CASES`], or `PROPTEST_CASES` for a longer hunt.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(CASES),
        // Shrinking a collection is slow; a failure report is read by a person anyway.
        max_shrink_iters: 256,
        // Failures are kept as explicit tests in `regressions.rs` instead.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------

/// Names that stress identifier making: keywords, names the generated code uses,
/// punctuation, digits, unicode, emptiness.
const HAZARDS: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "-",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "mod",
    "fn",
    "gen",
    "async",
    "await",
    "try",
    "dyn",
    "r#type",
    "union",
    "macro_rules",
    "runtime",
    "types",
    "params",
    "lib",
    "main",
    "client",
    "Client",
    "ClientBuilder",
    "Error",
    "Result",
    "Option",
    "String",
    "Vec",
    "Request",
    "Part",
    "Page",
    "send",
    "body",
    "stream",
    "collect_all",
    "new",
    "clone",
    "into_future",
    "to_request",
    "builder",
    "execute",
    "execute_text",
    "base_url",
    "timeout",
    "retry_policy",
    "serde",
    "serde_json",
    "std",
    "core",
    "reqwest",
    "futures",
    "url",
    "de",
    "Method",
    "Default",
    "Some",
    "Box",
    "Value",
    "BTreeMap",
    "extra",
    "data",
    "items",
    "id_domain",
    "id",
    "page",
    "per_page",
    "123",
    "2fa code",
    "0",
    "ÄÖÜ straße",
    "日本語",
    "🚀🔥",
    "emoji 🚀 launch",
    "a/b",
    "a.b.c",
    "x::y",
    "{{var}}",
    ":id",
    "`tick`",
    "\"quoted\"",
    "back\\slash",
    "new\nline",
    "List all sites",
    "Get site",
    "Sites",
    "sites",
    "Site",
    "https://a.example/x",
    "100%",
    "#hash?query",
    "carriage\rreturn",
    "bidi\u{202e}text",
];

fn hazard() -> BoxedStrategy<String> {
    proptest::sample::select(HAZARDS)
        .prop_map(str::to_string)
        .boxed()
}

/// Any name: a hazard, plain words, or arbitrary printable text.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => hazard(),
        3 => "[A-Za-z][a-z]{0,8}( [A-Za-z][a-z]{0,8}){0,3}",
        2 => "\\PC{0,16}",
        1 => "[0-9_ .:/-]{0,6}",
        // Long enough to trouble file names (a folder name becomes a module file).
        1 => "[A-Za-z]{1,12}( [A-Za-z]{1,12}){20,30}",
    ]
    .boxed()
}

/// A JSON member name: field-like, id-like, url-like or odd.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z][a-z_]{0,10}",
        2 => hazard(),
        1 => "[0-9]{1,4}",
        1 => "https://[a-z]{1,5}\\.example/[a-z]{0,4}",
        1 => "\\PC{0,8}",
        1 => Just("success".to_string()),
        1 => Just("message".to_string()),
        1 => Just("total".to_string()),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0i64..3).prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("0"),
            Just("1"),
            Just("12"),
            Just("-3"),
            Just("2.50"),
            Just(""),
            Just("true"),
            Just("yes"),
            Just("1e3"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ]
    .boxed()
}

/// Arbitrary JSON: numbers, strings, nulls, arrays and objects with random keys.
fn json_value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec((key(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// A variable name as written inside `{{...}}`.
fn variable() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just("baseUrl".to_string()),
        2 => "[a-zA-Z][a-zA-Z0-9_]{0,8}",
        1 => hazard().prop_filter("no braces", |n| !n.contains(['{', '}'])),
    ]
    .boxed()
}

/// One path segment: literal text, `:param`, `{{var}}` or a mix.
fn segment() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z][a-z0-9-]{0,8}",
        2 => "[a-z_]{1,10}".prop_map(|n| format!(":{n}")),
        1 => hazard().prop_map(|n| format!(":{n}")),
        1 => variable().prop_map(|v| format!("{{{{{v}}}}}")),
        1 => (variable(), variable()).prop_map(|(a, b)| format!("{{{{{a}}}}}-{{{{{b}}}}}")),
        1 => "\\PC{1,6}".prop_filter("a segment", |s| !s.contains(['/', '?', '#'])),
        1 => Just("v2".to_string()),
    ]
    .boxed()
}

fn host() -> BoxedStrategy<String> {
    prop_oneof![
        4 => Just("{{baseUrl}}".to_string()),
        2 => Just("https://api.example.com".to_string()),
        1 => Just("http://localhost:8080/wp-json".to_string()),
        1 => variable().prop_map(|v| format!("https://{{{{{v}}}}}.example.com")),
        1 => "[a-z]{1,6}\\.[a-z]{2,3}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct Query {
    key: String,
    value: Value,
    disabled: bool,
    description: Option<String>,
}

fn query_param() -> BoxedStrategy<Query> {
    let key = prop_oneof![
        // A small pool, so keys repeat (`ids=1&ids=2`).
        3 => proptest::sample::select(&["page", "per_page", "ids", "search", "status", "limit"][..])
            .prop_map(str::to_string),
        2 => key(),
    ];
    let value = prop_oneof![
        Just(Value::String("1".into())),
        Just(Value::String("true".into())),
        Just(Value::String("a,b".into())),
        Just(Value::String("{{token}}".into())),
        Just(Value::String(String::new())),
        Just(Value::Null),
        any::<i32>().prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    let description = proptest::option::of(prop_oneof![
        Just("Comma separated list of ids".to_string()),
        Just("One of a or b".to_string()),
        "\\PC{0,20}",
    ]);
    (key, value, any::<bool>(), description)
        .prop_map(|(key, value, disabled, description)| Query {
            key,
            value,
            disabled,
            description,
        })
        .boxed()
}

/// A url, as a raw string or as Postman's object.
fn url() -> BoxedStrategy<Value> {
    (
        host(),
        proptest::collection::vec(segment(), 0..5),
        proptest::collection::vec(query_param(), 0..5),
        any::<bool>(),
        proptest::collection::vec((name(), proptest::option::of(scalar()), any::<bool>()), 0..3),
    )
        .prop_map(|(host, segments, query, as_string, extra_vars)| {
            let query_text: Vec<String> = query
                .iter()
                .filter(|q| !q.disabled)
                .map(|q| match &q.value {
                    Value::String(s) => format!("{}={s}", q.key),
                    Value::Null => q.key.clone(),
                    other => format!("{}={other}", q.key),
                })
                .collect();
            let mut raw = host.clone();
            for segment in &segments {
                raw.push('/');
                raw.push_str(segment);
            }
            if !query_text.is_empty() {
                raw.push('?');
                raw.push_str(&query_text.join("&"));
            }
            if as_string {
                return Value::String(raw);
            }
            // Path variables, described or not, plus variables no segment uses.
            let mut variables: Vec<Value> = segments
                .iter()
                .filter_map(|s| s.strip_prefix(':'))
                .enumerate()
                .filter(|(index, _)| index % 2 == 0)
                .map(|(index, name)| {
                    json!({"key": name, "value": index.to_string(), "description": "The id or slug"})
                })
                .collect();
            for (name, value, described) in extra_vars {
                let mut variable = json!({"key": name, "value": value});
                if described {
                    variable["description"] = json!({"content": "text", "type": "text/plain"});
                }
                variables.push(variable);
            }
            let query: Vec<Value> = query
                .into_iter()
                .map(|q| {
                    let mut entry = json!({"key": q.key, "value": q.value});
                    if q.disabled {
                        entry["disabled"] = json!(true);
                    }
                    if let Some(text) = q.description {
                        entry["description"] = json!(text);
                    }
                    entry
                })
                .collect();
            let host_parts: Vec<&str> = if host.starts_with("{{") {
                vec![host.as_str()]
            } else {
                host.split("://")
                    .last()
                    .unwrap_or_default()
                    .split('.')
                    .collect()
            };
            json!({
                "raw": raw,
                "host": host_parts,
                "path": segments,
                "query": query,
                "variable": variables,
            })
        })
    .boxed()
}

fn form_fields(files: bool) -> impl Strategy<Value = Value> {
    proptest::collection::vec(
        (
            key(),
            scalar(),
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(name()),
        ),
        0..5,
    )
    .prop_map(move |fields| {
        Value::Array(
            fields
                .into_iter()
                .map(|(key, value, disabled, file, description)| {
                    let mut field = json!({"key": key, "value": value, "type": "text"});
                    if files && file {
                        field["type"] = json!("file");
                        field["src"] = json!("/tmp/a.png");
                        field.as_object_mut().map(|f| f.remove("value"));
                    }
                    if disabled {
                        field["disabled"] = json!(true);
                    }
                    if let Some(text) = description {
                        field["description"] = json!(text);
                    }
                    field
                })
                .collect(),
        )
    })
}

/// A request body of any mode (or none).
fn body() -> BoxedStrategy<Option<Value>> {
    let raw_json = (json_value(), any::<bool>()).prop_map(|(value, declared)| {
        let mut body = json!({"mode": "raw", "raw": serde_json::to_string_pretty(&value).unwrap()});
        if declared {
            body["options"] = json!({"raw": {"language": "json"}});
        }
        body
    });
    let raw_with_vars = proptest::sample::select(
        &[
            "{\"id\": {{siteId}}, \"name\": \"{{name}}\"}",
            "{\"a\": [1, {{n}}, 3]}",
            "{{wholeBody}}",
            "{\"broken\": ",
            "not json at all",
            "<xml>yes</xml>",
            "   ",
            "",
        ][..],
    )
    .prop_flat_map(|raw| {
        proptest::option::of(proptest::sample::select(
            &["json", "text", "xml", "html", "javascript"][..],
        ))
        .prop_map(move |language| {
            let mut body = json!({"mode": "raw", "raw": raw});
            if let Some(language) = language {
                body["options"] = json!({"raw": {"language": language}});
            }
            body
        })
    });
    let graphql = (
        "\\PC{0,20}",
        prop_oneof![
            json_value().prop_map(|v| v.to_string()).prop_map(Value::String),
            json_value(),
            Just(Value::String("{\"id\": {{id}}}".into())),
            Just(Value::Null),
        ],
    )
        .prop_map(|(query, variables)| {
            json!({"mode": "graphql", "graphql": {"query": query, "variables": variables}})
        });
    let body = prop_oneof![
        3 => raw_json,
        2 => raw_with_vars,
        2 => form_fields(false).prop_map(|f| json!({"mode": "urlencoded", "urlencoded": f})),
        2 => form_fields(true).prop_map(|f| json!({"mode": "formdata", "formdata": f})),
        1 => Just(json!({"mode": "file", "file": {"src": "/tmp/upload.bin"}})),
        1 => graphql,
        1 => Just(json!({"mode": "raw", "raw": "{\"a\": 1}", "disabled": true})),
        1 => Just(json!({})),
    ];
    proptest::option::weighted(0.6, body).boxed()
}

/// Auth of any type, in v2.1 (`[{key, value}]`) or v2.0 (object) spelling.
fn auth() -> BoxedStrategy<Value> {
    let kind = prop_oneof![
        3 => Just("bearer".to_string()),
        2 => Just("noauth".to_string()),
        1 => Just("basic".to_string()),
        2 => Just("apikey".to_string()),
        1 => Just("oauth2".to_string()),
        1 => Just("oauth1".to_string()),
        1 => Just("awsv4".to_string()),
        1 => Just("digest".to_string()),
        1 => Just("hawk".to_string()),
        1 => Just("ntlm".to_string()),
        1 => "[a-z]{1,8}",
    ];
    let settings = proptest::collection::vec(
        (
            prop_oneof![
                Just("token".to_string()),
                Just("key".to_string()),
                Just("in".to_string()),
                Just("value".to_string()),
                Just("username".to_string()),
                key(),
            ],
            prop_oneof![
                Just(json!("{{apiKey}}")),
                Just(json!("query")),
                Just(json!("header")),
                Just(json!("X-Api-Key")),
                Just(json!("api_key")),
                Just(json!("")),
                scalar(),
            ],
        ),
        0..4,
    );
    (kind, settings, any::<bool>())
        .prop_map(|(kind, settings, v21)| {
            let value = if v21 {
                Value::Array(
                    settings
                        .into_iter()
                        .map(|(k, v)| json!({"key": k, "value": v, "type": "string"}))
                        .collect(),
                )
            } else {
                Value::Object(settings.into_iter().collect())
            };
            let mut auth = json!({"type": kind});
            if kind != "noauth" {
                auth[kind.as_str()] = value;
            }
            auth
        })
        .boxed()
}

/// A saved example: status, content type and a body of any JSON (or text, or nothing).
fn example() -> BoxedStrategy<Value> {
    let code = prop_oneof![
        4 => Just(200u16),
        1 => Just(201),
        1 => Just(204),
        1 => Just(400),
        1 => Just(404),
        1 => Just(500),
        1 => 100u16..600,
    ];
    let answer = prop_oneof![
        6 => json_value().prop_map(|v| Some(serde_json::to_string_pretty(&v).unwrap())),
        1 => json_value().prop_map(|v| {
            Some(json!({"success": 0, "message": v.to_string()}).to_string())
        }),
        1 => json_value().prop_map(|v| Some(json!({"code": "rest_error", "message": "no", "data": v}).to_string())),
        1 => Just(Some("<html><body>Oops</body></html>".to_string())),
        1 => Just(Some(String::new())),
        1 => Just(None),
    ];
    let content_type = proptest::option::of(prop_oneof![
        Just("application/json; charset=UTF-8"),
        Just("text/html"),
        Just("text/plain"),
    ]);
    (
        name(),
        code,
        answer,
        content_type,
        // The request as sent: the type of the request body learns from its body too.
        proptest::option::weighted(0.4, (url(), body())),
    )
        .prop_map(|(name, code, answer, content_type, original)| {
            let mut example = json!({"name": name, "code": code, "status": "OK", "body": answer});
            if let Some(content_type) = content_type {
                example["header"] = json!([{"key": "Content-Type", "value": content_type}]);
            }
            if let Some((url, sent_body)) = original {
                example["originalRequest"] = json!({"method": "POST", "url": url});
                if let Some(sent_body) = sent_body {
                    example["originalRequest"]["body"] = sent_body;
                }
            }
            example
        })
        .boxed()
}

fn method() -> BoxedStrategy<Option<String>> {
    proptest::option::weighted(
        0.9,
        proptest::sample::select(
            &[
                "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "post", "",
            ][..],
        )
        .prop_map(str::to_string),
    )
    .boxed()
}

fn description() -> BoxedStrategy<Option<Value>> {
    proptest::option::weighted(
        0.3,
        prop_oneof![
            "\\PC{0,40}".prop_map(Value::String),
            Just(json!(
                "See [docs](https://a.example) and <b>bold</b>\n\n```\ncode\n"
            )),
            Just(json!({"content": "Object *description*", "type": "text/markdown"})),
            Just(json!("    indented `unclosed")),
        ],
    )
    .boxed()
}

/// A request item.
fn request() -> BoxedStrategy<Value> {
    (
        name(),
        method(),
        url(),
        body(),
        proptest::option::weighted(0.2, auth()),
        proptest::collection::vec(example(), 0..4),
        proptest::collection::vec((name(), "\\PC{0,10}", any::<bool>()), 0..3),
        description(),
        any::<bool>(),
    )
        .prop_map(
            |(name, method, url, body, auth, responses, headers, description, shorthand)| {
                if shorthand && url.is_string() && body.is_none() && responses.is_empty() {
                    // `"request": "https://..."` is a GET of that url.
                    return json!({"name": name, "request": url});
                }
                let headers: Vec<Value> = headers
                    .into_iter()
                    .map(|(key, value, disabled)| {
                        json!({"key": key, "value": value, "disabled": disabled})
                    })
                    .collect();
                let mut request = json!({"url": url, "header": headers});
                if let Some(method) = method {
                    request["method"] = json!(method);
                }
                if let Some(body) = body {
                    request["body"] = body;
                }
                if let Some(auth) = auth {
                    request["auth"] = auth;
                }
                if let Some(description) = description {
                    request["description"] = description;
                }
                json!({"name": name, "request": request, "response": responses})
            },
        )
        .boxed()
}

/// A tree of folders of random depth with requests at any level.
fn items() -> BoxedStrategy<Vec<Value>> {
    let leaf = proptest::collection::vec(request(), 0..4);
    leaf.prop_recursive(4, 24, 4, |inner| {
        proptest::collection::vec(
            prop_oneof![
                2 => request(),
                2 => (name(), inner, proptest::option::weighted(0.2, auth()), description())
                    .prop_map(|(name, items, auth, description)| {
                        let mut folder = json!({"name": name, "item": items});
                        if let Some(auth) = auth {
                            folder["auth"] = auth;
                        }
                        if let Some(description) = description {
                            folder["description"] = description;
                        }
                        folder
                    }),
            ],
            0..4,
        )
    })
    .boxed()
}

/// A whole collection.
fn collection() -> BoxedStrategy<Value> {
    (
        name(),
        items(),
        proptest::option::weighted(0.6, auth()),
        proptest::collection::vec((variable(), proptest::option::of(scalar())), 0..4),
        prop_oneof![
            Just("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"),
            Just("https://schema.getpostman.com/json/collection/v2.0.0/collection.json"),
        ],
        any::<bool>(),
        description(),
    )
        .prop_map(
            |(name, items, auth, variables, schema, base_url, description)| {
                let mut variable: Vec<Value> = variables
                    .into_iter()
                    .map(|(key, value)| json!({"key": key, "value": value}))
                    .collect();
                if base_url {
                    variable.push(json!({"key": "baseUrl", "value": "https://dashboard.example.com/wp-json/mainwp/v2"}));
                }
                let mut collection = json!({
                    "info": {"name": name, "schema": schema, "_postman_id": "00000000-0000-0000-0000-000000000000"},
                    "item": items,
                    "variable": variable,
                });
                if let Some(auth) = auth {
                    collection["auth"] = auth;
                }
                if let Some(description) = description {
                    collection["info"]["description"] = description;
                }
                collection
            },
        )
    .boxed()
}

// ---------------------------------------------------------------------------------
// The pipeline and the checks
// ---------------------------------------------------------------------------------

type Generated = Result<(Api, Vec<GeneratedFile>), String>;

/// parse -> lower -> emit -> print; an error becomes its message.
fn generate(collection: &Value) -> Generated {
    let text = serde_json::to_string_pretty(collection).expect("a JSON value serializes");
    let parsed =
        mainwp_codegen::postman::parse_str(&text, "random.json").map_err(|e| e.to_string())?;
    mainwp_codegen::generate(&parsed, None)
        .map(|g| (g.api, g.files))
        .map_err(|e| e.to_string())
}

/// Words that cannot name anything, beyond the ones `syn` rejects: `gen` is reserved
/// in edition 2024, which generated crates use.
const MORE_KEYWORDS: &[&str] = &["gen"];

fn check_ident(kind: &str, name: &str) -> Result<(), TestCaseError> {
    let valid = syn::parse_str::<syn::Ident>(name).is_ok()
        && !name.starts_with("r#")
        && !MORE_KEYWORDS.contains(&name);
    prop_assert!(valid, "{kind} `{name}` is not a usable Rust identifier");
    Ok(())
}

fn check_resource(resource: &Resource, is_root: bool) -> Result<(), TestCaseError> {
    if !is_root {
        check_ident("resource module", &resource.module)?;
        check_ident("resource accessor", &resource.accessor)?;
        check_ident("resource type", &resource.type_name)?;
    }
    for op in &resource.operations {
        check_ident("method", &op.method_name)?;
        check_ident("builder", &op.builder_name)?;
        for param in &op.path_params {
            check_ident("path param", &param.ident)?;
        }
        for param in &op.query_params {
            check_ident("query param", &param.ident)?;
        }
        if let Some(body) = &op.body {
            for setter in &body.setters {
                check_ident("body setter", &setter.method)?;
                check_ident("body field", &setter.field)?;
            }
        }
        if let Some(pagination) = &op.pagination {
            check_ident("page param", &pagination.page_param)?;
            for field in [
                &pagination.per_page_param,
                &pagination.items_field,
                &pagination.total_items_field,
                &pagination.total_pages_field,
            ]
            .into_iter()
            .flatten()
            {
                check_ident("pagination field", field)?;
            }
        }
        if let Some(background) = &op.background {
            for field in &background.fields {
                check_ident("background field", field)?;
            }
        }
    }
    for child in &resource.children {
        check_resource(child, false)?;
    }
    Ok(())
}

fn check_idents(api: &Api) -> Result<(), TestCaseError> {
    check_ident("crate", &api.crate_name.replace('-', "_"))?;
    check_resource(&api.root, true)?;
    for def in &api.types {
        check_ident("type", &def.name)?;
        if let TypeKind::Struct(body) = &def.kind {
            for field in &body.fields {
                check_ident("field", &field.ident)?;
            }
            if let Some(extra) = &body.unknown_fields {
                check_ident("unknown-fields field", extra)?;
            }
        }
    }
    for param in &api.path_types {
        check_ident("path param type", &param.type_name)?;
        if let PathParamKind::IdOr { other_variant } = &param.kind {
            check_ident("path param variant", other_variant)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn never_panics_and_errors_say_something(collection in collection()) {
        if let Err(message) = generate(&collection) {
            prop_assert!(!message.trim().is_empty(), "an error without a message");
        }
    }

    #[test]
    fn output_is_deterministic(collection in collection()) {
        let first = generate(&collection);
        let second = generate(&collection);
        match (first, second) {
            (Ok((api_one, files_one)), Ok((api_two, files_two))) => {
                prop_assert_eq!(api_one, api_two);
                prop_assert_eq!(files_one.len(), files_two.len());
                for (one, two) in files_one.iter().zip(&files_two) {
                    prop_assert_eq!(&one.path, &two.path);
                    prop_assert!(one.contents == two.contents, "{} differs between runs", one.path);
                }
            }
            (Err(one), Err(two)) => prop_assert_eq!(one, two),
            (one, two) => prop_assert!(false, "one run failed, the other did not: {:?} / {:?}", one.err(), two.err()),
        }
    }

    #[test]
    fn every_generated_rust_file_parses(collection in collection()) {
        if let Ok((_, files)) = generate(&collection) {
            for file in &files {
                // Each file can be written: no path component over the usual 255 bytes.
                let longest = file.path.split('/').map(str::len).max().unwrap_or_default();
                prop_assert!(longest <= 255, "{} has a name too long to write", file.path);
            }
            for file in files.iter().filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/")) {
                if let Err(err) = syn::parse_file(&file.contents) {
                    prop_assert!(false, "{} does not parse: {err}\n{}", file.path, file.contents);
                }
            }
        }
    }

    #[test]
    fn every_identifier_is_valid_and_not_a_keyword(collection in collection()) {
        if let Ok((api, _)) = generate(&collection) {
            check_idents(&api)?;
        }
    }
}

/// The runtime is copied verbatim into every crate; it is parsed once, not once per case.
#[test]
fn runtime_files_parse() {
    let fixture = workspace_tests::fixture_collections()
        .into_iter()
        .next()
        .expect("a fixture");
    let files = mainwp_codegen::generate_file(&fixture, None)
        .expect("the fixture generates")
        .files;
    let runtime: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/"))
        .collect();
    assert!(!runtime.is_empty(), "no runtime files");
    for file in runtime {
        syn::parse_file(&file.contents).unwrap_or_else(|err| panic!("{}: {err}", file.path));
    }
}

/// The strategies must mostly make collections the generator accepts, or the
/// properties above would only ever see error paths.
#[test]
fn most_random_collections_generate() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = collection();
    let mut accepted = 0;
    let mut errors = Vec::new();
    let total = 64;
    for _ in 0..total {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        match generate(&value) {
            Ok(_) => accepted += 1,
            Err(message) => errors.push(message),
        }
    }
    println!("{accepted}/{total} random collections generate; errors: {errors:#?}");
    assert!(
        accepted * 2 >= total,
        "only {accepted}/{total} random collections generate: {errors:#?}"
    );
}

/// Random collections compile too: `RANDOM_CRATES` (default 24) random collections,
/// checked as one scratch crate like the fixture corpus (`corpus_compiles.rs`). Slow,
/// so ignored by default: `cargo test -p workspace-tests --test properties -- --ignored`.
/// `RANDOM_SEED` repeats a run; the collections are written to
/// `target/random-collections/` for whoever reads a failure.
#[test]
#[ignore = "slow: builds a scratch crate"]
fn random_collections_compile_without_warnings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let count: usize = std::env::var("RANDOM_CRATES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("RANDOM_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default()
        });
    println!("RANDOM_SEED={seed}");
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = collection();
    let out = workspace_tests::target_dir().join("random-collections");
    std::fs::create_dir_all(&out).expect("target/random-collections");
    let mut crates = Vec::new();
    for index in 0..count {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        let module = format!("random_{index}");
        std::fs::write(
            out.join(format!("{module}.json")),
            serde_json::to_string_pretty(&value).expect("JSON"),
        )
        .expect("writing the collection");
        if let Ok((_, files)) = generate(&value) {
            crates.push((module, files));
        }
    }
    let check = workspace_tests::check_as_modules(&crates, "corpus-check");
    println!(
        "{} random collections, `cargo check` took {:.2?}",
        crates.len(),
        check.took
    );
    check.assert_clean("the generated code of random collections");
}
