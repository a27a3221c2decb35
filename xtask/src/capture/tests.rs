//! Capture against a local wiremock server: what is saved, replaced, kept and never written.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::collection::{to_text, Document};
use super::{capture, Options, Summary};

const TOKEN: &str = "tok-Secret-4711==ck-abcdef";
const ROOT: &str = "/wp-json/mainwp/v2";

fn example(name: &str, code: u16, status: &str, body: Value) -> Value {
    json!({
        "name": name,
        "originalRequest": {"method": "GET", "header": [], "url": {"raw": "{{baseUrl}}/x", "host": ["{{baseUrl}}"], "path": ["x"]}},
        "status": status,
        "code": code,
        "_postman_previewlanguage": "json",
        "header": [{"key": "Content-Type", "value": "application/json; charset=UTF-8"}],
        "cookie": [],
        "body": serde_json::to_string_pretty(&body).unwrap(),
    })
}

fn request(
    name: &str,
    method: &str,
    path: &[&str],
    body: Option<Value>,
    examples: Vec<Value>,
) -> Value {
    let variables: Vec<Value> = path
        .iter()
        .filter_map(|s| s.strip_prefix(':'))
        .map(|v| json!({"key": v, "value": "1", "description": "An id."}))
        .collect();
    let mut request = json!({
        "method": method,
        "header": [],
        "url": {
            "raw": format!("{{{{baseUrl}}}}/{}", path.join("/")),
            "host": ["{{baseUrl}}"],
            "path": path,
            "variable": variables,
        },
        "description": "A request of the fixture.",
    });
    if let Some(body) = body {
        request["body"] = json!({
            "mode": "raw",
            "raw": serde_json::to_string_pretty(&body).unwrap(),
            "options": {"raw": {"language": "json"}},
        });
    }
    json!({"name": name, "request": request, "response": examples})
}

fn wp_error(code: &str, status: u16) -> Value {
    json!({"code": code, "message": "Something.", "data": {"status": status}})
}

/// A small collection: a list, an item route, an extension route, and a tag write sequence.
fn fixture() -> Value {
    json!({
        "info": {"name": "Fixture", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            request("List tags", "GET", &["tags"], None, vec![
                example("Invented tags", 200, "OK", json!({"success": 1, "data": {"1": {"id": "1", "name": "Made up"}}})),
                example("401 invalid API key", 401, "Unauthorized", wp_error("mainwp_rest_authentication_error", 401)),
                example("No tags (success 0)", 200, "OK", json!({"success": 0, "message": "None."})),
            ]),
            request("Get tag", "GET", &["tags", ":id"], None, vec![
                example("Invented tag", 200, "OK", json!({"success": 1, "data": {"id": "1"}})),
            ]),
            request("List tasks", "GET", &["time-tracker"], None, vec![
                example("Invented tasks", 200, "OK", json!({"success": 1, "data": []})),
            ]),
            request("Create tag", "POST", &["tags", "add"], Some(json!({"name": "Production", "color": "#1e88e5"})), vec![
                example("Tag created", 200, "OK", json!({"success": 1, "data": {"id": "9"}})),
            ]),
            request("Update tag", "PUT", &["tags", ":id", "edit"], Some(json!({"name": "Production EU"})), vec![
                example("Tag updated", 200, "OK", json!({"success": 1})),
            ]),
            request("Delete tag", "DELETE", &["tags", ":id", "remove"], None, vec![
                example("Tag deleted", 200, "OK", json!({"success": 1})),
            ]),
        ],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{apiKey}}", "type": "string"}]},
        "variable": [{"key": "baseUrl", "value": "https://dashboard.example.com/wp-json/mainwp/v2"}, {"key": "apiKey", "value": ""}],
    })
}

/// A wiremock server answering the reads (and, when mounted, the tag writes).
struct Lab {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
}

impl Lab {
    fn start() -> Lab {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime.block_on(MockServer::start());
        let lab = Lab { runtime, server };
        lab.answer("GET", "/tags", 200, json!({"success": 1, "total": 2, "data": {"4": {"id": "4", "name": "Real A"}, "5": {"id": "5", "name": "Real B"}}}));
        lab.answer(
            "GET",
            "/tags/4",
            200,
            json!({"success": 1, "data": {"id": "4", "name": "Real A"}}),
        );
        lab.answer(
            "GET",
            "/tags/5",
            200,
            json!({"success": 1, "data": {"id": "5", "name": "Real B"}}),
        );
        lab.answer("GET", "/time-tracker", 404, json!({"code": "rest_no_route", "message": "No route was found matching the URL and request method.", "data": {"status": 404}}));
        lab
    }

    fn answer(&self, verb: &str, route: &str, status: u16, body: Value) {
        self.expect(verb, route, status, body, None);
    }

    fn expect(&self, verb: &str, route: &str, status: u16, body: Value, times: Option<u64>) {
        let mut mock = Mock::given(method(verb))
            .and(path(format!("{ROOT}{route}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("Date", "Wed, 02 Dec 2026 03:00:00 GMT")
                    .insert_header("Set-Cookie", "session=volatile")
                    .set_body_raw(body.to_string(), "application/json; charset=UTF-8"),
            );
        if let Some(times) = times {
            mock = mock.expect(times);
        }
        self.runtime.block_on(mock.mount(&self.server));
    }

    fn verify(&self) {
        self.runtime.block_on(self.server.verify());
    }

    fn options(&self, file: &Path, write: bool) -> Options {
        Options {
            collection: file.to_path_buf(),
            base_url: format!("{}{ROOT}", self.server.uri()),
            token: TOKEN.to_string(),
            write,
            seed: false,
        }
    }
}

fn write_fixture(dir: &tempfile::TempDir) -> (PathBuf, String) {
    let file = dir.path().join("fixture.postman_collection.json");
    let text = to_text(&fixture()).unwrap();
    std::fs::write(&file, &text).unwrap();
    (file, text)
}

fn examples_of(text: &str, request: &str) -> Vec<Value> {
    let root: Value = serde_json::from_str(text).unwrap();
    root["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == request)
        .unwrap()["response"]
        .as_array()
        .unwrap()
        .clone()
}

fn names(examples: &[Value]) -> Vec<&str> {
    examples
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect()
}

/// The text of a top-level request as it stands in the file (four spaces deep).
fn item_text(text: &str, request: &str) -> String {
    let root: Value = serde_json::from_str(text).unwrap();
    let item = root["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == request)
        .unwrap();
    let pretty = to_text(item).unwrap();
    pretty.trim_end().replace('\n', "\n    ")
}

fn run(lab: &Lab, file: &Path, write: bool) -> (Summary, String) {
    let mut report = String::new();
    let summary = capture(&lab.options(file, write), &mut report).expect("capture runs");
    (summary, report)
}

#[test]
fn the_committed_collection_is_reproduced_byte_for_byte_by_reserializing() {
    let path = crate::codegen::workspace_root()
        .join("collection")
        .join("mainwp-rest-api-v2.postman_collection.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let root: Value = serde_json::from_str(&text).unwrap();
    assert!(
        to_text(&root).unwrap() == text,
        "re-serializing changed the file"
    );
    assert!(Document::load(&path).is_ok());
}

#[test]
fn a_file_in_another_format_is_refused_rather_than_reformatted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.json");
    std::fs::write(&file, serde_json::to_string(&fixture()).unwrap()).unwrap();
    let error = Document::load(&file).err().expect("refused").to_string();
    assert!(error.contains("formatting"), "{error}");
}

#[test]
fn a_real_2xx_replaces_the_invented_success_and_keeps_the_error_examples() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = write_fixture(&dir);
    let (summary, _) = run(&lab, &file, false);
    let text = std::fs::read_to_string(&file).unwrap();

    let tags = examples_of(&text, "List tags");
    assert_eq!(
        names(&tags),
        [
            "401 invalid API key",
            "No tags (success 0)",
            "Captured 200 OK"
        ]
    );
    let captured = &tags[2];
    assert_eq!(captured["code"], 200);
    assert_eq!(captured["status"], "OK");
    assert!(captured["body"].as_str().unwrap().contains("Real B"));
    assert_eq!(
        captured["originalRequest"]["url"]["raw"],
        "{{baseUrl}}/tags"
    );
    // Only the Content-Type header is kept: no Date, no Set-Cookie.
    assert_eq!(
        captured["header"],
        json!([{"key": "Content-Type", "value": "application/json; charset=UTF-8"}])
    );

    // The item route ran once per discovered tag, with the real ids in the url.
    let tag = examples_of(&text, "Get tag");
    assert_eq!(
        names(&tag),
        ["Captured 200 OK, id 4", "Captured 200 OK, id 5"]
    );
    assert_eq!(
        tag[1]["originalRequest"]["url"]["variable"],
        json!([{"key": "id", "value": "5"}])
    );
    assert_eq!(summary.captured, 2);
    assert_eq!(summary.replaced, 2);
}

#[test]
fn untouched_requests_stay_byte_identical() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = write_fixture(&dir);
    run(&lab, &file, false);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(before, after);
    for untouched in ["List tasks", "Create tag", "Update tag", "Delete tag"] {
        let text = item_text(&before, untouched);
        assert!(
            before.contains(&text),
            "the fixture text of {untouched} is found"
        );
        assert!(after.contains(&text), "{untouched} changed");
    }
    // Everything before the first captured request is the same bytes.
    let first = before.find("\"name\": \"List tags\"").unwrap();
    assert_eq!(before[..first], after[..first]);
    // And the end of the file (auth, variables) too.
    let tail = before.find("\"auth\"").unwrap();
    assert!(after.ends_with(&before[tail..]));
}

#[test]
fn a_404_rest_no_route_is_not_saved_and_is_reported_as_failed() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = write_fixture(&dir);
    let (summary, report) = run(&lab, &file, false);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        examples_of(&before, "List tasks"),
        examples_of(&after, "List tasks")
    );
    assert!(
        report.lines().any(|l| l.starts_with("failed")
            && l.contains("GET time-tracker")
            && l.contains("rest_no_route")),
        "{report}"
    );
    assert_eq!(summary.failed, 1);
}

#[test]
fn the_token_is_never_written_or_reported() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = write_fixture(&dir);
    // The token did reach the server as a bearer header...
    lab.expect("GET", "/tags", 200, json!({"success": 1, "data": {}}), None);
    let (_, report) = run(&lab, &file, false);
    let requests = lab
        .runtime
        .block_on(lab.server.received_requests())
        .unwrap();
    assert!(requests.iter().all(
        |r| r.headers.get("authorization").and_then(|v| v.to_str().ok())
            == Some(&format!("Bearer {TOKEN}")[..])
    ));
    // ...and nowhere else.
    let after = std::fs::read_to_string(&file).unwrap();
    for secret in [TOKEN, "Secret-4711"] {
        assert!(!after.contains(secret), "the collection holds the token");
        assert!(!report.contains(secret), "the report holds the token");
    }
    assert!(after.contains("{{apiKey}}"));
}

#[test]
fn writes_run_only_with_write_and_clean_up_after_themselves() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = write_fixture(&dir);
    lab.expect(
        "POST",
        "/tags/add",
        200,
        json!({"success": 1, "data": {"id": "77", "name": "capture Production"}}),
        Some(1),
    );
    lab.expect(
        "PUT",
        "/tags/77/edit",
        200,
        json!({"success": 1, "data": {"id": "77"}}),
        Some(1),
    );
    lab.expect(
        "DELETE",
        "/tags/77/remove",
        200,
        json!({"success": 1, "message": "Tag deleted."}),
        Some(1),
    );

    let (_, report) = run(&lab, &file, false);
    let requests = lab
        .runtime
        .block_on(lab.server.received_requests())
        .unwrap();
    assert!(
        requests.iter().all(|r| r.method.as_str() == "GET"),
        "a write ran without --write"
    );
    assert!(
        report.contains("not called (writes run with --write)"),
        "{report}"
    );
    assert_eq!(
        examples_of(&before, "Create tag"),
        examples_of(&std::fs::read_to_string(&file).unwrap(), "Create tag")
    );

    run(&lab, &file, true);
    lab.verify();
    let after = std::fs::read_to_string(&file).unwrap();
    let created = examples_of(&after, "Create tag");
    assert_eq!(names(&created), ["Captured 200 OK"]);
    let sent: Value = serde_json::from_str(
        created[0]["originalRequest"]["body"]["raw"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(sent["name"], "capture Production");
    let deleted = examples_of(&after, "Delete tag");
    assert_eq!(
        deleted[0]["originalRequest"]["url"]["variable"],
        json!([{"key": "id", "value": "77"}])
    );
}

#[test]
fn running_again_replaces_the_earlier_captured_examples() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = write_fixture(&dir);
    run(&lab, &file, false);
    let once = std::fs::read_to_string(&file).unwrap();
    run(&lab, &file, false);
    let twice = std::fs::read_to_string(&file).unwrap();
    assert_eq!(once, twice);
    assert_eq!(
        names(&examples_of(&twice, "List tags"))
            .iter()
            .filter(|n| n.starts_with("Captured"))
            .count(),
        1
    );
}

#[test]
fn an_invented_success_showing_items_the_real_answers_lack_is_kept() {
    let mut item = json!({"name": "List updates", "response": [
        example("Pending updates", 200, "OK", json!({"success": 1, "data": {"plugins": [{"slug": "a"}]}})),
        example("Nothing pending", 200, "OK", json!({"success": 1, "data": {"plugins": []}})),
    ]});
    let real = example(
        "Captured 200 OK",
        200,
        "OK",
        json!({"success": 1, "data": {"plugins": []}}),
    );
    let replaced = super::collection::merge_examples(&mut item, vec![real]);
    assert_eq!(replaced, 1);
    assert_eq!(
        names(item["response"].as_array().unwrap()),
        ["Pending updates", "Captured 200 OK"]
    );
}

#[test]
fn an_invented_success_showing_another_kind_of_value_than_real_blanks_is_kept() {
    let mut item = json!({"name": "List monitors", "response": [
        example("Two monitors", 200, "OK", json!({"success": 1, "data": [{"id": 3, "uptime_ratio_7d": 99.5, "name": "a"}]})),
        example("Plain monitor", 200, "OK", json!({"success": 1, "data": [{"id": 4, "uptime_ratio_7d": 0, "name": "b"}]})),
    ]});
    let real = example(
        "Captured 200 OK",
        200,
        "OK",
        json!({"success": 1, "data": [{"id": 0, "uptime_ratio_7d": 0, "name": "Lab"}]}),
    );
    let replaced = super::collection::merge_examples(&mut item, vec![real]);
    assert_eq!(replaced, 1, "the invented example with only integers goes");
    assert_eq!(
        names(item["response"].as_array().unwrap()),
        ["Two monitors", "Captured 200 OK"]
    );
}

#[test]
fn writes_refused_for_the_key_are_not_saved_and_say_which_permission_is_missing() {
    let lab = Lab::start();
    let dir = tempfile::tempdir().unwrap();
    let (file, before) = write_fixture(&dir);
    let refused = json!({"code": "mainwp_rest_authentication_error", "message": "The API key provided does not have write permissions.", "data": {"status": 401}});
    lab.expect("POST", "/tags/add", 401, refused, Some(1));
    let (_, report) = run(&lab, &file, true);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        examples_of(&before, "Create tag"),
        examples_of(&after, "Create tag")
    );
    assert!(
        report.contains("needs a key with Read + Write + Delete"),
        "{report}"
    );
}

#[test]
fn an_invented_success_showing_the_no_value_form_of_a_member_is_kept() {
    let mut item = json!({"name": "Job status", "response": [
        example("Job still running", 200, "OK", json!({"status": "pending", "completed_at": ""})),
        example("Job done", 200, "OK", json!({"status": "completed", "completed_at": 1795537812})),
    ]});
    let real = example(
        "Captured 200 OK",
        200,
        "OK",
        json!({"status": "completed", "completed_at": 1796182758}),
    );
    let replaced = super::collection::merge_examples(&mut item, vec![real]);
    assert_eq!(replaced, 1);
    assert_eq!(
        names(item["response"].as_array().unwrap()),
        ["Job still running", "Captured 200 OK"]
    );
}

#[test]
fn secrets_handed_out_by_the_server_are_masked_in_saved_answers() {
    let item = request(
        "Create API key",
        "POST",
        &["rest-api", "add-key"],
        None,
        vec![],
    );
    let sent = super::collection::Sent {
        path_values: Vec::new(),
        query: Vec::new(),
        body: None,
    };
    let answer = super::collection::Answer {
        status: 200,
        reason: "OK".into(),
        content_type: Some("application/json".into()),
        body: r#"{"success":1,"token":"36ab04==e7c4f1"}"#.into(),
    };
    let saved = super::collection::example(&item, "Captured 200 OK", &sent, &answer);
    let body = saved["body"].as_str().unwrap();
    assert!(!body.contains("36ab04"), "{body}");
    assert!(body.contains(r#""token": "000000==000000""#), "{body}");
}
