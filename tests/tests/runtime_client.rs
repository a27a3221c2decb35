//! Runtime: client configuration, what goes on the wire (URL, headers, bodies).

use std::time::Duration;

use mainwp::{encode_path_segment, Client, Error, Method, Part, Request};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mwp-test-token-7d41c0ffee";
const API: &str = "/wp-json/mainwp/v2";

fn client_for(base_url: impl Into<String>) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry_base_delay(Duration::from_millis(1))
        .retry_max_delay(Duration::from_millis(5))
        .build()
        .expect("valid client configuration")
}

async fn ok_json(server: &MockServer, http_method: &str, route: &str, body: Value) {
    Mock::given(method(http_method))
        .and(path(format!("{API}{route}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn base_url_is_normalised_with_or_without_slash_and_wp_json() {
    let server = MockServer::start().await;
    ok_json(&server, "GET", "/sites", json!({"success": 1, "data": []})).await;
    Mock::given(method("GET"))
        .and(path(format!("/blog{API}/sites")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sub": true})))
        .mount(&server)
        .await;
    let uri = server.uri();
    for base in [
        uri.clone(),
        format!("{uri}/"),
        format!("{uri}/wp-json"),
        format!("{uri}/wp-json/"),
        format!("{uri}/wp-json/mainwp/v2"),
        format!("{uri}/wp-json/mainwp/v2/"),
    ] {
        let client = client_for(base.as_str());
        assert_eq!(
            client.base_url().as_str(),
            format!("{uri}{API}/"),
            "base URL {base}"
        );
        let answer: Value = client
            .execute(Request::new(Method::GET, "sites"))
            .await
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(answer["success"], 1, "{base}");
    }
    for base in [
        format!("{uri}/blog"),
        format!("{uri}/blog/wp-json/mainwp/v2/"),
    ] {
        let client = client_for(base.as_str());
        assert_eq!(client.base_url().as_str(), format!("{uri}/blog{API}/"));
        let answer: Value = client
            .execute(Request::new(Method::GET, "/sites"))
            .await
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(answer, json!({"sub": true}), "{base}");
    }
    let client = Client::new("dashboard.example.com/wp-json/", TOKEN).expect("client");
    assert_eq!(
        client.base_url().as_str(),
        "https://dashboard.example.com/wp-json/mainwp/v2/"
    );
}

#[tokio::test]
async fn plain_http_is_rejected_for_non_loopback_host_without_opt_in() {
    for base in ["http://dashboard.example.com", "http://192.0.2.10/wp-json"] {
        match Client::new(base, TOKEN) {
            Err(Error::Config(message)) => assert!(message.contains("http"), "{message}"),
            other => panic!("{base}: expected Error::Config, got {other:?}"),
        }
        let allowed = Client::builder()
            .base_url(base)
            .token(TOKEN)
            .allow_insecure_http(true)
            .build();
        assert!(allowed.is_ok(), "{base} with allow_insecure_http");
    }
    for base in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
        assert!(Client::new(base, TOKEN).is_ok(), "{base} is loopback");
    }
    assert!(matches!(
        Client::new("https://dashboard.example.com/wp-json/wp/v2", TOKEN),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Client::new("https://dashboard.example.com", "  "),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Client::builder().token(TOKEN).build(),
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn authorization_header_carries_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/sites")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let answer: Value = client_for(server.uri())
        .execute(Request::new(Method::GET, "sites"))
        .await
        .expect("authorised request");
    assert_eq!(answer, json!({"ok": true}));
}

#[tokio::test]
async fn user_agent_names_the_crate_and_version_and_can_be_overridden() {
    // The generated crate's own version (this test crate's is another).
    let manifest =
        std::fs::read_to_string(workspace_tests::workspace().join("generated/Cargo.toml"))
            .expect("generated/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a package version");
    assert_eq!(mainwp::DEFAULT_USER_AGENT, format!("mainwp/{version}"));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/default")))
        .and(header("user-agent", mainwp::DEFAULT_USER_AGENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(1)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/custom")))
        .and(header("user-agent", "fleet-bot/2.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(2)))
        .expect(1)
        .mount(&server)
        .await;
    let n: u8 = client_for(server.uri())
        .execute(Request::new(Method::GET, "default"))
        .await
        .expect("default user agent");
    assert_eq!(n, 1);
    let custom = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .user_agent("fleet-bot/2.0")
        .build()
        .expect("client");
    let n: u8 = custom
        .execute(Request::new(Method::GET, "custom"))
        .await
        .expect("custom user agent");
    assert_eq!(n, 2);
}

#[tokio::test]
async fn caller_supplied_reqwest_client_is_used_with_auth_added() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/sites")))
        .and(header("x-fleet", "eu-1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-fleet", reqwest::header::HeaderValue::from_static("eu-1"));
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .expect("reqwest client");
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .http_client(http)
        .build()
        .expect("client");
    let sites: Vec<Value> = client
        .execute(Request::new(Method::GET, "sites"))
        .await
        .expect("request through the supplied client");
    assert!(sites.is_empty());
}

/// The client builds its headers once; what each request sends must still be: the
/// client-wide headers, replaced by a request's header of the same name, the auth header
/// only on requests that take auth, and a bad client-wide header refused by `build`.
#[tokio::test]
async fn client_headers_are_sent_replaced_by_the_request_and_auth_only_where_taken() {
    let server = MockServer::start().await;
    ok_json(&server, "GET", "/h", json!(null)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .header("x-tenant", "north")
        .header("x-trace", "one")
        .header("x-trace", "two")
        .build()
        .expect("client");
    let requests = [
        Request::new(Method::GET, "h"),
        Request::new(Method::GET, "h").header("x-tenant", "south"),
        Request::new(Method::GET, "h")
            .header("accept", "text/csv")
            .without_auth(),
    ];
    for request in requests {
        let _: Value = client.execute(request).await.expect("answered");
    }
    let received = server.received_requests().await.expect("recorded");
    let values = |index: usize, name: &str| -> Vec<String> {
        received[index]
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().expect("text").to_string())
            .collect()
    };
    assert_eq!(values(0, "x-tenant"), ["north"]);
    assert_eq!(values(0, "x-trace"), ["one", "two"]);
    assert_eq!(values(0, "authorization"), [format!("Bearer {TOKEN}")]);
    assert_eq!(values(0, "accept"), ["application/json"]);
    assert_eq!(values(1, "x-tenant"), ["south"]);
    assert_eq!(values(1, "x-trace"), ["one", "two"]);
    assert_eq!(values(2, "accept"), ["text/csv"]);
    assert!(
        values(2, "authorization").is_empty(),
        "auth on a request without auth"
    );
    assert_eq!(values(2, "x-tenant"), ["north"]);

    let refused = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .header("x-bad", "line\nbreak")
        .build()
        .expect_err("a header value with a line break");
    assert!(
        refused
            .to_string()
            .contains("invalid value for header `x-bad`"),
        "{refused}"
    );
}

#[tokio::test]
async fn query_values_are_appended_in_order_and_path_segments_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/clients/ops%40acme.example%2Fx")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let route = format!("clients/{}", encode_path_segment("ops@acme.example/x"));
    let _: Value = client_for(server.uri())
        .execute(
            Request::new(Method::GET, route)
                .query("include", 3)
                .query("search", "a b&c")
                .query("include", 1),
        )
        .await
        .expect("request");
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(
        requests.first().and_then(|r| r.url.query()),
        Some("include=3&search=a+b%26c&include=1")
    );
}

#[tokio::test]
async fn json_body_is_sent_as_application_json() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("{API}/rest-api/edit-key/2")))
        .and(header("content-type", "application/json"))
        .and(wiremock::matchers::body_json(
            json!({"description": "CI", "active": 1}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let _: Value = client_for(server.uri())
        .execute(
            Request::new(Method::PATCH, "rest-api/edit-key/2")
                .json(json!({"description": "CI", "active": 1})),
        )
        .await
        .expect("json request");
}

#[tokio::test]
async fn form_body_is_urlencoded_php_style() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{API}/rest-api/add-key")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let _: Value = client_for(server.uri())
        .execute(Request::new(Method::POST, "rest-api/add-key").form(json!({
            "description": "Fleet & CI",
            "active": true,
            "permissions": ["Read", "Write"],
            "meta": {"team": "ops"},
            "skipped": null,
            "price": 2.5
        })))
        .await
        .expect("form request");
    let requests = server.received_requests().await.expect("recording on");
    let body = requests
        .first()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .unwrap_or_default();
    // Member order follows the JSON object; the pairs themselves are what PHP expects.
    let mut pairs: Vec<&str> = body.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "active=1",
            "description=Fleet+%26+CI",
            "meta%5Bteam%5D=ops",
            "permissions%5B%5D=Read",
            "permissions%5B%5D=Write",
            "price=2.5",
        ]
    );
    // Repeated `permissions[]` keep their order.
    assert!(body.find("Read") < body.find("Write"), "{body}");
}

#[tokio::test]
async fn multipart_and_raw_bodies_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{API}/upload")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": 1})))
        .mount(&server)
        .await;
    let client = client_for(server.uri());
    let _: Value = client
        .execute(Request::new(Method::POST, "upload").multipart(vec![
            Part::text("title", "Logo"),
            Part::file("file", "logo.png", b"\x89PNG-bytes".to_vec()).content_type("image/png"),
        ]))
        .await
        .expect("multipart request");
    let _: Value = client
        .execute(Request::new(Method::POST, "upload").raw("text/csv", b"a,b\n1,2\n".to_vec()))
        .await
        .expect("raw request");
    let requests = server.received_requests().await.expect("recording on");
    let [multipart, raw] = requests.as_slice() else {
        panic!("expected two requests, got {}", requests.len());
    };
    let content_type = |r: &wiremock::Request| {
        r.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(content_type(multipart).starts_with("multipart/form-data; boundary="));
    let text = String::from_utf8_lossy(&multipart.body);
    assert!(text.contains("name=\"title\""), "{text}");
    assert!(text.contains("Logo"), "{text}");
    assert!(text.contains("filename=\"logo.png\""), "{text}");
    assert!(text.contains("image/png"), "{text}");
    assert!(text.contains("PNG-bytes"), "{text}");
    assert_eq!(content_type(raw), "text/csv");
    assert_eq!(raw.body, b"a,b\n1,2\n");
}

#[tokio::test]
async fn empty_204_answer_decodes_from_null() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{API}/tags/3/remove")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client_for(server.uri());
    let (): () = client
        .execute(Request::new(Method::DELETE, "tags/3/remove"))
        .await
        .expect("204 decodes as ()");
    let nothing: Option<Value> = client
        .execute(Request::new(Method::DELETE, "tags/3/remove"))
        .await
        .expect("204 decodes as None");
    assert_eq!(nothing, None);
}

#[tokio::test]
async fn html_entities_are_left_as_sent() {
    let server = MockServer::start().await;
    ok_json(
        &server,
        "GET",
        "/sites/1",
        json!({"success": 1, "message": "Visit the Site&#039;s Dashboard", "perm": "Write &amp; Delete"}),
    )
    .await;
    let answer: Value = client_for(server.uri())
        .execute(Request::new(Method::GET, "sites/1"))
        .await
        .expect("request");
    assert_eq!(answer["message"], "Visit the Site&#039;s Dashboard");
    assert_eq!(answer["perm"], "Write &amp; Delete");
}

#[tokio::test]
async fn path_leaving_the_api_root_is_refused() {
    let client = client_for("https://dashboard.example.com");
    let result: Result<Value, Error> = client
        .execute(Request::new(Method::GET, "../../wp/v2/users"))
        .await;
    assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
}

#[tokio::test]
async fn execute_future_is_send_and_client_is_shared_across_tasks() {
    let server = MockServer::start().await;
    ok_json(
        &server,
        "GET",
        "/sites/count",
        json!({"success": 1, "total": "3"}),
    )
    .await;
    let client = client_for(server.uri());
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .execute::<Value>(Request::new(Method::GET, "sites/count"))
                    .await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.expect("task").expect("request");
        assert_eq!(answer["total"], "3");
    }
}
