//! Lints of the committed MainWP collection: the generator's only input must be a
//! well-formed Postman v2.1 export with everything the generator and the contract
//! tests rely on.

use serde_json::Value;
use workspace_tests::mainwp_collection;

fn collection() -> Value {
    let text = std::fs::read_to_string(mainwp_collection()).expect("the collection is committed");
    serde_json::from_str(&text).expect("the collection is JSON")
}

/// Every request with its folder path.
fn requests(items: &[Value], folders: &mut Vec<String>, out: &mut Vec<(String, Value)>) {
    for item in items {
        let name = item["name"].as_str().unwrap_or_default().to_string();
        if let Some(children) = item["item"].as_array() {
            folders.push(name);
            requests(children, folders, out);
            folders.pop();
        } else {
            out.push((format!("{} / {name}", folders.join(" / ")), item.clone()));
        }
    }
}

fn all_requests() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    requests(
        collection()["item"].as_array().expect("item is a list"),
        &mut Vec::new(),
        &mut out,
    );
    out
}

#[test]
fn is_a_postman_v2_1_export_with_bearer_auth_and_variables() {
    let c = collection();
    assert_eq!(
        c["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    assert!(c["info"]["_postman_id"]
        .as_str()
        .is_some_and(|id| id.len() == 36));
    assert_eq!(c["auth"]["type"], "bearer");
    assert_eq!(c["auth"]["bearer"][0]["value"], "{{apiKey}}");
    let variables: Vec<&str> = c["variable"]
        .as_array()
        .expect("variables")
        .iter()
        .filter_map(|v| v["key"].as_str())
        .collect();
    assert!(
        variables.contains(&"baseUrl") && variables.contains(&"apiKey"),
        "{variables:?}"
    );
    // The generator's own model reads it too.
    mainwp_codegen::postman::parse_file(&mainwp_collection()).expect("the Postman model parses it");
}

#[test]
fn every_category_and_extension_has_a_folder() {
    let c = collection();
    let folders: Vec<&str> = c["item"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    for wanted in [
        "Sites",
        "Clients",
        "Tags",
        "Updates",
        "Costs",
        "Users",
        "Settings",
        "Monitors",
        "API Keys",
        "Posts",
        "Pages",
        "Batch",
        "Comments",
        "Time Tracker",
        "SSL Monitor",
        "Domain Monitor",
        "Lighthouse",
        "Pro Reports",
    ] {
        assert!(folders.contains(&wanted), "no folder {wanted}");
    }
}

#[test]
fn no_request_sits_outside_a_folder() {
    for item in collection()["item"].as_array().expect("items") {
        assert!(
            item["item"].is_array(),
            "{} is a request at the top level",
            item["name"]
        );
    }
}

#[test]
fn request_names_are_unique_within_a_folder() {
    fn check(items: &[Value], path: &str) {
        let mut seen = std::collections::BTreeSet::new();
        for item in items {
            let name = item["name"].as_str().unwrap_or_default();
            assert!(seen.insert(name), "{path}: two items are named {name:?}");
            if let Some(children) = item["item"].as_array() {
                check(children, &format!("{path} / {name}"));
            }
        }
    }
    check(collection()["item"].as_array().expect("items"), "");
}

#[test]
fn every_path_variable_is_described_with_an_example() {
    for (name, item) in all_requests() {
        let url = &item["request"]["url"];
        let described: Vec<&Value> = url["variable"]
            .as_array()
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        for segment in url["path"].as_array().expect("url objects with a path") {
            let Some(var) = segment.as_str().and_then(|s| s.strip_prefix(':')) else {
                continue;
            };
            let entry = described
                .iter()
                .find(|v| v["key"] == var)
                .unwrap_or_else(|| panic!("{name}: :{var} is not described"));
            assert!(
                entry["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{name}: :{var} has no description"
            );
            assert!(
                entry["value"].as_str().is_some_and(|d| !d.is_empty()),
                "{name}: :{var} has no example value"
            );
        }
    }
}

#[test]
fn every_request_is_described_and_so_are_its_query_params() {
    for (name, item) in all_requests() {
        assert!(
            item["request"]["description"]
                .as_str()
                .is_some_and(|d| d.len() > 20),
            "{name}: no description"
        );
        for param in item["request"]["url"]["query"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                param["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{name}: query {} undescribed",
                param["key"]
            );
        }
    }
}

#[test]
fn every_write_request_has_a_body() {
    for (name, item) in all_requests() {
        let request = &item["request"];
        if !matches!(request["method"].as_str(), Some("POST" | "PUT" | "PATCH")) {
            continue;
        }
        let body = &request["body"];
        match body["mode"].as_str() {
            Some("raw") => {
                assert_eq!(
                    body["options"]["raw"]["language"], "json",
                    "{name}: raw body without the json language"
                );
                serde_json::from_str::<Value>(body["raw"].as_str().unwrap_or_default())
                    .unwrap_or_else(|e| panic!("{name}: body is not JSON: {e}"));
            }
            Some("urlencoded" | "formdata") => {}
            other => panic!("{name}: write request without a body ({other:?})"),
        }
    }
}

#[test]
fn every_request_has_a_json_example_and_success_examples_are_2xx() {
    for (name, item) in all_requests() {
        let examples = item["response"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no examples"));
        assert!(!examples.is_empty(), "{name}: no examples");
        let parses = examples
            .iter()
            .filter(|e| {
                serde_json::from_str::<Value>(e["body"].as_str().unwrap_or_default()).is_ok()
            })
            .count();
        assert!(parses >= 1, "{name}: no example with a JSON body");
        assert!(
            examples
                .iter()
                .any(|e| e["code"].as_u64().is_some_and(|c| (200..300).contains(&c))),
            "{name}: no 2xx example"
        );
        for example in examples {
            assert!(
                example["originalRequest"].is_object(),
                "{name}: example {} without originalRequest",
                example["name"]
            );
            let content_type = example["header"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|h| h["key"] == "Content-Type");
            assert!(
                content_type.is_some(),
                "{name}: example {} without Content-Type",
                example["name"]
            );
        }
    }
}

#[test]
fn error_examples_use_the_wordpress_error_shape() {
    let mut errors = 0;
    for (name, item) in all_requests() {
        for example in item["response"].as_array().into_iter().flatten() {
            if example["code"].as_u64().is_some_and(|c| c >= 400) {
                let body: Value =
                    serde_json::from_str(example["body"].as_str().unwrap_or_default())
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(
                    body["code"].is_string()
                        && body["message"].is_string()
                        && body.get("data").is_some(),
                    "{name}: {body}"
                );
                errors += 1;
            }
        }
    }
    assert!(errors >= 40, "only {errors} error examples");
}

/// Examples saved by `cargo xtask capture` are real answers of a Dashboard.
fn captured_examples() -> Vec<(String, Value)> {
    all_requests()
        .into_iter()
        .flat_map(|(name, item)| {
            item["response"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| {
                    e["name"]
                        .as_str()
                        .is_some_and(|n| n.starts_with("Captured"))
                })
                .map(|e| (name.clone(), e.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn captured_examples_name_their_status_and_keep_the_url_and_key_variables() {
    let captured = captured_examples();
    let operations: std::collections::BTreeSet<&str> =
        captured.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        operations.len() >= 80,
        "only {} requests have captured examples",
        operations.len()
    );
    for (name, example) in &captured {
        let title = example["name"].as_str().unwrap_or_default();
        let code = example["code"].as_u64().unwrap_or_default();
        assert!(
            title.starts_with(&format!("Captured {code} ")),
            "{name}: {title:?} does not name its status {code}"
        );
        let request = &example["originalRequest"];
        assert!(
            request["url"]["raw"]
                .as_str()
                .is_some_and(|raw| raw.starts_with("{{baseUrl}}/")),
            "{name}: {title}: the url does not start with {{{{baseUrl}}}}"
        );
        for header in request["header"].as_array().into_iter().flatten() {
            assert!(
                !header["key"]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case("authorization")),
                "{name}: {title}: the request carries an Authorization header"
            );
        }
        let headers: Vec<&str> = example["header"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["key"].as_str())
            .collect();
        assert_eq!(
            headers,
            ["Content-Type"],
            "{name}: {title}: volatile headers kept"
        );
    }
}

#[test]
fn absent_routes_are_never_saved_as_captured_examples() {
    for (name, example) in captured_examples() {
        let body: Value =
            serde_json::from_str(example["body"].as_str().unwrap_or_default()).unwrap_or_default();
        assert_ne!(
            body["code"], "rest_no_route",
            "{name}: a 404 rest_no_route was saved as {}",
            example["name"]
        );
        assert!(
            !matches!(example["code"].as_u64(), Some(401 | 403)),
            "{name}: a key problem was saved as {}",
            example["name"]
        );
    }
}

#[test]
fn the_only_bearer_token_in_the_collection_is_the_api_key_variable() {
    let text = std::fs::read_to_string(mainwp_collection()).expect("the collection is committed");
    let mut tokens = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Bearer ") {
        rest = &rest[at + "Bearer ".len()..];
        let token: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\\' && *c != '`')
            .collect();
        tokens.push(token);
    }
    for token in tokens {
        assert!(
            token.is_empty() || token == "<key>" || token.starts_with("{{"),
            "a bearer token is written into the collection: {token}"
        );
    }
}
