//! A `{{variable}}` never reaches the wire: whatever a collection leaves unresolved or
//! marks as configuration, no generated request sends it as literal text.

use std::path::PathBuf;

use mainwp_codegen::ir::PathSegment;
use workspace_tests::{fixture_collections, mainwp_collection, standalone_fixtures, workspace};

fn every_collection() -> Vec<PathBuf> {
    let mut all = fixture_collections();
    all.extend(standalone_fixtures());
    all.push(mainwp_collection());
    all
}

#[test]
fn no_generated_request_sends_a_variable_as_text() {
    for collection in every_collection() {
        let generated = mainwp_codegen::generate_file(&collection, None)
            .unwrap_or_else(|err| panic!("{}: {err}", collection.display()));
        let where_ = |what: &str| format!("{}: {what}", collection.display());
        for (_, op) in generated.api.operations() {
            for header in &op.headers {
                assert!(
                    !header.value.contains("{{") && !header.name.contains("{{"),
                    "{}",
                    where_(&format!(
                        "{} sends header {}: {}",
                        op.title, header.name, header.value
                    ))
                );
            }
            for segment in &op.path {
                if let PathSegment::Literal(text) = segment {
                    assert!(!text.contains("{{"), "{}", where_(&op.title));
                }
            }
            for param in &op.query_params {
                assert!(!param.name.contains("{{"), "{}", where_(&op.title));
            }
        }
        // What the builders put on a request, in the emitted code: header and query calls.
        for file in &generated.files {
            for line in file.contents.lines() {
                let code = line.trim_start();
                // Body members are named by serde renames (form keys included).
                let body_member = code.contains("rename = \"");
                if code.starts_with("request = request.header(")
                    || code.starts_with("request = request.query(")
                    || body_member
                {
                    assert!(
                        !code.contains("{{"),
                        "{}",
                        where_(&format!("{}: {code}", file.path))
                    );
                }
            }
        }
    }
}

#[test]
fn a_header_credential_from_a_variable_becomes_the_clients_auth() {
    let fixture = workspace()
        .join("tests/fixtures/standalone/petstore_api_key_header.postman_collection.json");
    let generated = mainwp_codegen::generate_file(&fixture, None).expect("generates");
    assert_eq!(
        generated.api.auth,
        mainwp_codegen::ir::Auth::ApiKey {
            name: "X-Api-Key".to_string(),
            in_query: false
        }
    );
    for (_, op) in generated.api.operations() {
        assert!(
            op.headers.iter().all(|h| h.name != "X-Api-Key"),
            "{}",
            op.title
        );
        assert_eq!(
            op.auth,
            mainwp_codegen::ir::OperationAuth::Client,
            "{}",
            op.title
        );
    }
}
