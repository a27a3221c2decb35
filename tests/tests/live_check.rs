//! The live check (`cargo xtask live-check`) against a local server that answers every
//! operation of the catalog with the collection's saved example.

use std::collections::HashMap;

use live_check::{Config, Outcome, Phase, Report};
use mainwp::catalog::{Access, Operation, OPERATIONS};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "mwp-live-check-token-5e1f0a9b";
const API: &str = "/wp-json/mainwp/v2";

/// The first 2xx example of every request of the collection that is not a MainWP failure
/// (`"success": 0`), else its first 2xx example, keyed by `(folder path joined with
/// " / ", request name)`: (status, body text).
fn saved_examples() -> HashMap<(String, String), (u16, String)> {
    let text = std::fs::read_to_string(workspace_tests::mainwp_collection()).expect("collection");
    let collection: Value = serde_json::from_str(&text).expect("collection JSON");
    let mut out = HashMap::new();
    collect_examples(&collection["item"], &mut Vec::new(), &mut out);
    out
}

fn collect_examples(
    items: &Value,
    folders: &mut Vec<String>,
    out: &mut HashMap<(String, String), (u16, String)>,
) {
    for item in items.as_array().into_iter().flatten() {
        let name = item["name"].as_str().unwrap_or_default().to_owned();
        if item.get("item").is_some() {
            folders.push(name);
            collect_examples(&item["item"], folders, out);
            folders.pop();
            continue;
        }
        let successes: Vec<(u16, String)> = item["response"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|response| {
                let code = u16::try_from(response["code"].as_u64()?).ok()?;
                let body = response["body"].as_str().unwrap_or_default();
                (200..300).contains(&code).then(|| (code, body.to_owned()))
            })
            .collect();
        let example = successes
            .iter()
            .find(|(_, body)| !is_failure(body))
            .or(successes.first());
        if let Some(example) = example.cloned() {
            out.insert((folders.join(" / "), name), example);
        }
    }
}

/// Whether an example body is a MainWP failure (`"success": 0`).
fn is_failure(body: &str) -> bool {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    matches!(value.get("success"), Some(s) if s == &json!(0) || s == &json!("0") || s == &json!(false))
}

fn example_of(op: &Operation) -> Option<(u16, String)> {
    saved_examples().remove(&(op.resource.to_owned(), op.name.to_owned()))
}

/// The path of an operation as a regex: `{param}` matches one segment.
fn route_regex(template: &str) -> String {
    let mut out = format!("^{API}/");
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&escape(&rest[..start]));
        out.push_str("[^/]+");
        rest = &rest[start + rest[start..].find('}').expect("closed") + 1..];
    }
    out.push_str(&escape(rest));
    out.push('$');
    out
}

fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

fn op(method: &str, template: &str) -> &'static Operation {
    OPERATIONS
        .iter()
        .find(|o| o.method == method && o.path == template)
        .unwrap_or_else(|| panic!("{method} {template} in the catalog"))
}

fn get_operations() -> Vec<&'static Operation> {
    OPERATIONS
        .iter()
        .filter(|o| o.method == "GET" && o.access == Access::Read)
        .collect()
}

/// Answers every operation with its saved example (literal routes before templated
/// ones), only for requests carrying the token. Priority 1 is left for overrides.
async fn server_with_examples() -> MockServer {
    let server = MockServer::start().await;
    let examples = saved_examples();
    for op in OPERATIONS {
        let Some((status, body)) = examples.get(&(op.resource.to_owned(), op.name.to_owned()))
        else {
            continue;
        };
        let priority = u8::try_from(2 + op.path_params.len()).unwrap_or(10);
        Mock::given(method(op.method))
            .and(path_regex(route_regex(op.path)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(
                ResponseTemplate::new(*status).set_body_raw(body.clone(), "application/json"),
            )
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    server
}

/// What the saved example of the create at `path` names the new thing by: `data.id` (or
/// `data.field_id` for client fields), or the key of `data` where the answer is keyed by
/// slug.
fn created_key(path: &str) -> String {
    let (_, body) = example_of(op("POST", path)).expect("a saved example of the create");
    let answer: Value = serde_json::from_str(&body).expect("JSON");
    let data = &answer["data"];
    let id = if data["id"].is_null() {
        &data["field_id"]
    } else {
        &data["id"]
    };
    match id {
        Value::String(id) => id.clone(),
        Value::Number(id) => id.to_string(),
        _ => data
            .as_object()
            .and_then(|map| map.keys().next().cloned())
            .expect("an id or a slug key"),
    }
}

/// A field of the example body of the create at `path`, which the check sends with its
/// `live-check` prefix.
fn example_field(path: &str, field: &str) -> String {
    let body = op("POST", path).example_body.expect("an example body");
    let body: Value = serde_json::from_str(body).expect("JSON");
    body[field].as_str().expect("a text field").to_owned()
}

/// Answers `op` with `body` and `status`, before the examples.
async fn override_answer(server: &MockServer, op: &Operation, status: u16, body: Value) {
    Mock::given(method(op.method))
        .and(path_regex(route_regex(op.path)))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .with_priority(1)
        .mount(server)
        .await;
}

fn config(server: &MockServer, write: bool) -> Config {
    Config {
        base_url: server.uri(),
        token: mainwp::Token::new(TOKEN),
        write,
        allow_insecure_http: false,
        include_child_sites: false,
        expectations: None,
    }
}

async fn run(server: &MockServer, write: bool) -> Report {
    live_check::run(&config(server, write))
        .await
        .expect("the client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn saw(requests: &[Request], http_method: &str, route: &str) -> bool {
    requests
        .iter()
        .any(|r| r.method.as_str() == http_method && r.url.path() == format!("{API}/{route}"))
}

#[tokio::test]
async fn every_get_operation_decodes_its_saved_example() {
    let gets = get_operations();
    for op in &gets {
        assert!(
            example_of(op).is_some(),
            "no 2xx example for {} / {}",
            op.resource,
            op.name
        );
    }
    let server = server_with_examples().await;
    let report = run(&server, false).await;
    println!("{}", report.to_table());

    let names: Vec<String> = gets
        .iter()
        .map(|o| format!("{} / {}", o.resource, o.name))
        .collect();
    let rows: Vec<&String> = report.rows.iter().map(|r| &r.operation).collect();
    assert_eq!(
        rows,
        names.iter().collect::<Vec<_>>(),
        "one row per GET, in catalog order"
    );
    for row in &report.rows {
        assert_eq!(row.phase, Phase::Read);
        assert!(row.call.starts_with("GET "), "{row:?}");
        assert_eq!(
            (row.outcome, row.status.as_str()),
            (Outcome::Ok, "2xx"),
            "{row:?}"
        );
    }
    assert!(report.passed());
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.summary().count(Outcome::Ok), gets.len());

    let seen = requests(&server).await;
    assert!(
        seen.iter().all(|r| r.method.as_str() == "GET"),
        "a read-only run only reads"
    );
    // The first post listed for the site is post 1 on site 1.
    assert!(saw(&seen, "GET", "posts/1/1"));
}

/// The example answer of `op`, as JSON.
fn example_json(op: &Operation) -> Value {
    let (_, body) = example_of(op).expect("example");
    serde_json::from_str(&body).expect("JSON example")
}

#[tokio::test]
async fn ids_for_later_calls_come_from_the_typed_list_answers() {
    let server = server_with_examples().await;
    // One tag, 7; one site, 9; and the site's monitor without a row (`"id": 0`), as on a
    // Dashboard whose cron never ran.
    let list_tags = op("GET", "tags");
    let mut tags = example_json(list_tags);
    let mut tag = tags["data"]
        .as_object()
        .and_then(|m| m.values().next().cloned())
        .expect("a tag");
    tag["id"] = json!("7");
    tags["data"] = json!({ "7": tag });
    override_answer(&server, list_tags, 200, tags).await;
    let list_sites = op("GET", "sites");
    let mut sites = example_json(list_sites);
    let mut site = sites["data"][0].clone();
    site["id"] = json!("9");
    site["url"] = json!("http://127.0.0.1:8081/");
    sites["data"] = json!([site]);
    override_answer(&server, list_sites, 200, sites).await;
    let list_monitors = op("GET", "monitors");
    let mut monitors = example_json(list_monitors);
    for monitor in monitors["data"].as_array_mut().expect("a list") {
        monitor["id"] = json!(0);
    }
    override_answer(&server, list_monitors, 200, monitors).await;

    let report = run(&server, false).await;
    let seen = requests(&server).await;
    assert!(saw(&seen, "GET", "tags/7"), "{}", report.to_table());
    assert!(!saw(&seen, "GET", "tags/1"));
    assert!(saw(&seen, "GET", "sites/9"));
    // Monitors are called with the numeric site id, never with the site's URL.
    assert!(saw(&seen, "GET", "monitors/9"), "{}", report.to_table());
    assert!(!seen.iter().any(|r| r.url.path().contains("127.0.0.1")));
}

#[tokio::test]
async fn a_broken_answer_is_a_decode_failure_with_its_path_and_fails_the_run() {
    let server = server_with_examples().await;
    let broken = op("GET", "sites/{id_domain}/plugins");
    let (_, body) = example_of(broken).expect("example");
    let mut body: Value = serde_json::from_str(&body).expect("JSON example");
    body["data"] = json!("oops");
    override_answer(&server, broken, 200, body).await;

    let report = run(&server, false).await;
    let failed: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.outcome == Outcome::DecodeFailed)
        .collect();
    assert_eq!(failed.len(), 1, "{}", report.to_table());
    let row = failed[0];
    assert_eq!(row.operation, "Sites / Plugins / List plugins");
    assert_eq!(row.call, "GET sites/1/plugins");
    assert_eq!(row.status, "200");
    assert_eq!(row.json_path.as_deref(), Some("data"));
    assert!(
        row.detail.contains("oops"),
        "serde's message: {}",
        row.detail
    );
    assert!(!report.passed());
    assert_eq!(report.exit_code(), 1);
    assert!(report.to_table().contains("at `data`"));
    let json = report.to_json();
    assert_eq!(json["summary"]["outcomes"]["decode-failed"], 1);
    assert_eq!(json["summary"]["passed"], false);
}

#[tokio::test]
async fn missing_extensions_are_reported_without_failing_the_run() {
    let server = server_with_examples().await;
    let no_route = json!({"code": "rest_no_route", "message": "No route was found matching the URL and request method.", "data": {"status": 404}});
    for op in get_operations()
        .into_iter()
        .filter(|o| o.resource == "Lighthouse")
    {
        override_answer(&server, op, 404, no_route.clone()).await;
    }
    let report = run(&server, false).await;
    let summary = report.summary();
    assert_eq!(summary.missing_routes, 2, "{}", report.to_table());
    assert_eq!(summary.count(Outcome::ApiError), 2);
    assert!(report.passed());
}

#[tokio::test]
async fn a_failed_middle_step_still_removes_what_was_created() {
    let server = server_with_examples().await;
    override_answer(
        &server,
        op("PUT", "tags/{id}/edit"),
        500,
        json!({"code": "mainwp_rest_internal", "message": "Edit failed.", "data": null}),
    )
    .await;
    // The key listing: the read pass and the listing before the create see the example
    // keys, the listing after it sees the new key as well.
    let keys = op("GET", "rest-api/keys");
    let (_, listed) = example_of(keys).expect("example");
    let before: Value = serde_json::from_str(&listed).expect("JSON");
    // The new key looks like the listed ones, under an id none of them has.
    let listed_keys = before["data"].as_array().expect("a list");
    let new_id = listed_keys
        .iter()
        .filter_map(|key| key["id"].as_str()?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut new_key = listed_keys.first().expect("a listed key").clone();
    new_key["id"] = json!(new_id.to_string());
    new_key["description"] = json!(format!(
        "live-check {}",
        example_field("rest-api/add-key", "description")
    ));
    let mut after = before.clone();
    after["data"].as_array_mut().expect("a list").push(new_key);
    Mock::given(method("GET"))
        .and(path(format!("{API}/rest-api/keys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(before.clone()))
        .with_priority(1)
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/rest-api/keys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(after))
        .with_priority(1)
        .mount(&server)
        .await;

    let report = run(&server, true).await;
    println!("{}", report.to_table());
    let seen = requests(&server).await;

    // The tag: created (with the id of the create answer), edit failed, removed anyway.
    let tag = created_key("tags/add");
    let edit = report
        .rows
        .iter()
        .find(|r| r.operation == "Tags / Update tag")
        .expect("the edit ran");
    assert_eq!(
        (edit.outcome, edit.status.as_str()),
        (Outcome::ApiError, "500")
    );
    assert!(saw(&seen, "PUT", &format!("tags/{tag}/edit")));
    assert!(
        saw(&seen, "DELETE", &format!("tags/{tag}/remove")),
        "the cleanup ran"
    );
    let cleanup = report
        .rows
        .iter()
        .find(|r| r.operation == "Tags / Delete tag")
        .expect("cleanup row");
    assert_eq!(
        (cleanup.phase, cleanup.outcome),
        (Phase::Cleanup, Outcome::Ok)
    );

    // The create bodies carry the prefix.
    let created: Value = seen
        .iter()
        .find(|r| r.url.path() == format!("{API}/tags/add"))
        .map(|r| serde_json::from_slice(&r.body).expect("JSON body"))
        .expect("tag created");
    assert_eq!(
        created["name"],
        format!("live-check {}", example_field("tags/add", "name"))
    );

    // The key: sent form-encoded, only the new key deleted, never one listed before.
    let add_key = seen
        .iter()
        .find(|r| r.url.path() == format!("{API}/rest-api/add-key"))
        .expect("key created");
    let form = String::from_utf8_lossy(&add_key.body);
    assert!(form.contains("description=live-check"), "{form}");
    assert!(saw(
        &seen,
        "DELETE",
        &format!("rest-api/delete-key/{new_id}")
    ));
    let deleted_keys: Vec<&str> = seen
        .iter()
        .filter(|r| r.method.as_str() == "DELETE")
        .map(|r| r.url.path())
        .filter(|p| p.contains("delete-key"))
        .collect();
    assert_eq!(
        deleted_keys,
        [format!("{API}/rest-api/delete-key/{new_id}")]
    );

    // The client field too: the route ignores a JSON body.
    let add_field = seen
        .iter()
        .find(|r| r.url.path() == format!("{API}/clients/fields/add"))
        .expect("field created");
    let content_type = add_field
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some("application/x-www-form-urlencoded"));
    assert!(String::from_utf8_lossy(&add_field.body).contains("name=live-check"));

    // Every sequence removed what it made, by the id (or slug) its create answer gave.
    for route in [
        format!("clients/{}/remove", created_key("clients/add")),
        format!("costs/{}/remove", created_key("costs/add")),
        format!(
            "clients/fields/{}/delete",
            created_key("clients/fields/add")
        ),
        format!(
            "settings/cost-tracker/product-types/{}/delete",
            created_key("settings/cost-tracker/product-types/add")
        ),
        format!(
            "settings/cost-tracker/payment-methods/{}/delete",
            created_key("settings/cost-tracker/payment-methods/add")
        ),
    ] {
        assert!(saw(&seen, "DELETE", &route), "{route}");
    }
    assert!(report.leftovers.is_empty(), "{:?}", report.leftovers);
    // Nothing on sites but reads.
    assert!(seen
        .iter()
        .filter(|r| r.url.path().starts_with(&format!("{API}/sites")))
        .all(|r| r.method.as_str() == "GET"));
    // The 500 is the server's answer, not a decoding problem.
    assert!(report.passed(), "{}", report.to_table());
}

#[tokio::test]
async fn a_failed_create_removes_nothing_and_skips_the_rest() {
    let server = server_with_examples().await;
    override_answer(
        &server,
        op("POST", "tags/add"),
        200,
        json!({"success": 0, "message": "Tag exists."}),
    )
    .await;
    let report = run(&server, true).await;
    let seen = requests(&server).await;
    assert!(
        !seen
            .iter()
            .any(|r| matches!(r.method.as_str(), "PUT" | "DELETE")
                && r.url.path().starts_with(&format!("{API}/tags/"))),
        "nothing to edit or remove"
    );
    let tag_rows: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.phase != Phase::Read && r.operation.starts_with("Tags /"))
        .map(|r| (r.operation.as_str(), r.outcome))
        .collect();
    assert_eq!(
        tag_rows,
        [
            ("Tags / Create tag", Outcome::Rejected),
            ("Tags / Update tag", Outcome::Skipped),
            ("Tags / Delete tag", Outcome::Skipped),
        ]
    );
}

#[tokio::test]
async fn the_token_never_appears_in_the_report() {
    let server = server_with_examples().await;
    override_answer(
        &server,
        op("GET", "sites/count"),
        500,
        json!({"code": "mainwp_rest_bad_key", "message": format!("key {TOKEN} is not allowed"), "data": null}),
    )
    .await;
    override_answer(
        &server,
        op("GET", "clients/count"),
        200,
        json!({"success": 1, "count": TOKEN}),
    )
    .await;
    let report = run(&server, true).await;
    let table = report.to_table();
    let json = serde_json::to_string(&report.to_json()).expect("JSON");
    for text in [&table, &json] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("mwp-live-check-token"), "{text}");
    }
    // The secret the add-key answer hands out stays out as well.
    let (_, created) = example_of(op("POST", "rest-api/add-key")).expect("example");
    let secret: Value = serde_json::from_str(&created).expect("JSON");
    let secret = secret["token"].as_str().expect("a token");
    assert!(!table.contains(secret) && !json.contains(secret));
    assert!(table.contains("[REDACTED]"), "{table}");
}

#[tokio::test]
async fn an_unreachable_server_is_given_up_on_and_fails_the_run() {
    // A port nobody listens on (wiremock pools its servers, so a dropped one may live on).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let config = Config {
        base_url: format!("http://127.0.0.1:{port}"),
        token: mainwp::Token::new(TOKEN),
        write: true,
        allow_insecure_http: false,
        include_child_sites: false,
        expectations: None,
    };
    let report = live_check::run(&config).await.expect("the client builds");
    let tried: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.outcome != Outcome::Skipped)
        .collect();
    assert_eq!(tried.len(), 3, "{}", report.to_table());
    assert!(tried.iter().all(|r| r.outcome == Outcome::Transport));
    assert_eq!(
        report.rows.len(),
        get_operations().len(),
        "no write was tried"
    );
    assert_eq!(report.exit_code(), 1);
    assert!(report.to_table().contains("never answered"));
}

#[tokio::test]
async fn a_refused_key_fails_the_run() {
    let server = server_with_examples().await;
    let mut config = config(&server, false);
    config.token = mainwp::Token::new("not-the-key");
    let report = live_check::run(&config).await.expect("the client builds");
    // wiremock answers 404 without a body to requests its mocks do not match.
    assert_eq!(report.summary().count(Outcome::Ok), 0);
    assert!(!report.passed());
    assert!(!report.to_table().contains("not-the-key"));
}

#[tokio::test]
async fn child_sites_are_only_synced_when_asked() {
    let server = server_with_examples().await;
    let mut config = config(&server, true);
    config.include_child_sites = true;
    let report = live_check::run(&config).await.expect("the client builds");
    let seen = requests(&server).await;
    let on_sites: Vec<String> = seen
        .iter()
        .filter(|r| r.method.as_str() != "GET" && r.url.path().starts_with(&format!("{API}/sites")))
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(on_sites, [format!("POST {API}/sites/1/sync")]);
    let sync = report
        .rows
        .iter()
        .find(|r| r.operation == "Sites / Sync site")
        .expect("a sync row");
    assert_eq!((sync.phase, sync.outcome), (Phase::Write, Outcome::Ok));
}

fn expectations(text: &str) -> live_check::Expectations {
    live_check::Expectations::parse(text, std::path::Path::new("expected-failures.toml"))
        .expect("a valid expectations file")
}

async fn run_expecting(server: &MockServer, write: bool, expected: &str) -> Report {
    let mut config = config(server, write);
    config.expectations = Some(expectations(expected));
    live_check::run(&config).await.expect("the client builds")
}

const MONITOR_NOT_FOUND: &str = r#"
[[expected]]
operation = "GET monitors/{id_domain}"
outcome = "rejected"
reason = "cron is off, no monitor row"
"#;

async fn monitor_not_found(server: &MockServer) {
    // The exact path: the route's pattern would also match `monitors/basic`.
    Mock::given(method("GET"))
        .and(path(format!("{API}/monitors/1")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": 0, "message": "Monitor not found."})),
        )
        .with_priority(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_listed_failure_is_expected_and_shown_with_its_reason() {
    let server = server_with_examples().await;
    monitor_not_found(&server).await;
    let report = run_expecting(&server, false, MONITOR_NOT_FOUND).await;
    let table = report.to_table();
    assert!(report.passed(), "{table}");
    let row = report
        .rows
        .iter()
        .find(|r| r.route == "GET monitors/{id_domain}")
        .expect("a monitor row");
    assert_eq!(row.outcome, Outcome::Rejected);
    assert_eq!(row.expected.as_deref(), Some("cron is off, no monitor row"));
    assert!(
        table.contains("(expected: cron is off, no monitor row)"),
        "{table}"
    );
    assert_eq!(report.summary().expected, 1);
}

#[tokio::test]
async fn an_expected_failure_that_starts_passing_fails_the_run() {
    let server = server_with_examples().await;
    let report = run_expecting(&server, false, MONITOR_NOT_FOUND).await;
    assert!(!report.passed());
    assert_eq!(report.exit_code(), 1);
    let table = report.to_table();
    assert!(
        table.contains(
            "FAIL: `GET monitors/{id_domain}` is listed as expected to fail (cron is off, no \
             monitor row) but answered ok: remove it from expected-failures.toml"
        ),
        "{table}"
    );
}

#[tokio::test]
async fn a_failure_the_list_does_not_name_fails_the_run() {
    let server = server_with_examples().await;
    monitor_not_found(&server).await;
    // Without a list, a rejection is the server's answer and only reported.
    assert!(run(&server, false).await.passed());
    // With a list, it must be in it...
    let report = run_expecting(&server, false, "").await;
    assert!(!report.passed());
    assert!(report
        .to_table()
        .contains("FAIL: 1 failures are not listed in expected-failures.toml: `GET monitors/1`"));
    // ...with the outcome it has.
    let wrong_outcome = r#"
        [[expected]]
        operation = "GET monitors/{id_domain}"
        outcome = "api-error"
        code = "rest_no_route"
        reason = "no such route"
    "#;
    let report = run_expecting(&server, false, wrong_outcome).await;
    assert!(!report.passed(), "{}", report.to_table());
}

#[tokio::test]
async fn write_with_a_key_that_cannot_write_fails_and_says_nothing_was_written() {
    let server = server_with_examples().await;
    // What Dashboard 6.1.2 answers a Read key on every POST, PUT and DELETE.
    let refused = json!({
        "code": "mainwp_rest_authentication_error",
        "message": "The API key provided does not have write permissions.",
        "data": {"status": 401}
    });
    for http_method in ["POST", "PUT", "DELETE"] {
        Mock::given(method(http_method))
            .respond_with(ResponseTemplate::new(401).set_body_json(refused.clone()))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let report = run(&server, true).await;
    let table = report.to_table();
    assert!(!report.passed(), "{table}");
    assert_eq!(report.exit_code(), 1);
    assert!(report.leftovers.is_empty(), "nothing was created");
    assert!(
        table.contains("FAIL: the key may not write: all 7 writes answered HTTP 401/403, so nothing was written"),
        "{table}"
    );
    assert!(
        table.contains("--write needs a key with Read + Write + Delete"),
        "{table}"
    );
    // Also when the expectations are otherwise satisfied: a refused write is never expected.
    let report = run_expecting(&server, true, "").await;
    assert!(!report.passed());
}

#[tokio::test]
async fn the_table_shows_the_whole_decode_detail_wrapped() {
    let server = server_with_examples().await;
    let broken = op("GET", "sites/{id_domain}/plugins");
    let mut body = example_json(broken);
    let long = "a rather long value that the server sent where the generated type wants a list, \
                long enough to need several lines of the detail column and then some more words, \
                ending in THE-LAST-WORD";
    body["data"] = json!(long);
    override_answer(&server, broken, 200, body).await;
    let report = run(&server, false).await;
    let row = report
        .rows
        .iter()
        .find(|r| r.outcome == Outcome::DecodeFailed)
        .expect("a decode failure");
    assert!(row.detail.contains("THE-LAST-WORD"), "{}", row.detail);
    let table = report.to_table();
    assert!(!table.contains('…'), "nothing is cut:\n{table}");
    // The detail's words, in order, across the wrapped lines of the DETAIL column.
    let detail_column = table
        .lines()
        .skip_while(|line| !line.contains("decode-failed"))
        .take_while(|line| line.contains("decode-failed") || line.starts_with(' '))
        .map(|line| line.split("decode-failed").last().unwrap_or(line).trim())
        .collect::<Vec<_>>()
        .join(" ");
    let expected = format!("at `data`: {}", row.detail);
    assert_eq!(
        detail_column.split_whitespace().collect::<Vec<_>>(),
        expected.split_whitespace().collect::<Vec<_>>(),
        "{table}"
    );
    assert!(
        table.lines().filter(|l| l.starts_with(' ')).count() >= 2,
        "wrapped onto more lines:\n{table}"
    );
}

#[test]
fn the_test_dashboards_expectations_name_catalog_operations_with_reasons() {
    // Loading checks every entry: a catalog operation, listed once, with a reason and an
    // outcome that can be expected. A renamed route in the collection fails here first.
    let path = workspace_tests::workspace().join("live-check/expected-failures.toml");
    let file = live_check::Expectations::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(!file.expected.is_empty());
    // Decode failures are never expected there: every 2xx of the real server must decode.
    assert!(file
        .expected
        .iter()
        .all(|e| e.outcome != Outcome::DecodeFailed));
}
