//! Runtime: how failed answers become `Error` variants, and that none leaks the token.

use std::collections::BTreeSet;
use std::error::Error as _;
use std::time::Duration;

use mainwp::{Client, Error, Method, Request};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mwp-secret-token-9f8e7d6c5b4a";
const API: &str = "/wp-json/mainwp/v2";

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .max_attempts(1)
        .build()
        .expect("valid client configuration")
}

async fn answer(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(path(format!("{API}{route}")))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn get<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    client: &Client,
    route: &str,
) -> Error {
    match client.execute::<T>(Request::new(Method::GET, route)).await {
        Ok(value) => panic!("expected an error for {route}, got {value:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn unauthorized_wordpress_error_body_becomes_api_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/sites",
        ResponseTemplate::new(401).set_body_json(json!({
            "code": "mainwp_rest_authentication_missing_parameter",
            "message": "Invalid OAuth parameter.",
            "data": {"status": 401}
        })),
    )
    .await;
    let error = get::<Value>(&client_for(&server), "sites").await;
    match &error {
        Error::Api {
            api,
            status,
            code,
            message,
            data,
        } => {
            // The error names the API it came from, in its fields and its message.
            assert_eq!(*api, mainwp::API_NAME);
            assert!(
                error
                    .to_string()
                    .starts_with("MainWP REST API v2 error (HTTP 401"),
                "{error}"
            );
            assert_eq!(*status, 401);
            assert_eq!(code, "mainwp_rest_authentication_missing_parameter");
            assert_eq!(message, "Invalid OAuth parameter.");
            assert_eq!(**data, json!({"status": 401}));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.code(),
        Some("mainwp_rest_authentication_missing_parameter")
    );
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("Invalid OAuth parameter."));
}

#[tokio::test]
async fn wordpress_error_data_may_be_null_a_number_or_carry_params() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/users",
        ResponseTemplate::new(500).set_body_json(
            json!({"code": "no_website_found", "message": "No website found.", "data": null}),
        ),
    )
    .await;
    answer(
        &server,
        "/plugins",
        ResponseTemplate::new(500).set_body_json(json!({
            "code": "mainwp_rest_invalid_plugins_slugs",
            "message": "Plugins slug is empty or invalid.",
            "data": 400
        })),
    )
    .await;
    answer(
        &server,
        "/fields",
        ResponseTemplate::new(400).set_body_json(json!({
            "code": "rest_missing_callback_param",
            "message": "Missing parameter(s): name, description",
            "data": {"status": 400, "params": ["name", "description"]}
        })),
    )
    .await;
    let client = client_for(&server);
    for (route, status, code, data) in [
        ("users", 500, "no_website_found", Value::Null),
        (
            "plugins",
            500,
            "mainwp_rest_invalid_plugins_slugs",
            json!(400),
        ),
        (
            "fields",
            400,
            "rest_missing_callback_param",
            json!({"status": 400, "params": ["name", "description"]}),
        ),
    ] {
        match get::<Value>(&client, route).await {
            Error::Api {
                status: s,
                code: c,
                data: d,
                ..
            } => {
                assert_eq!((s, c.as_str(), *d), (status, code, data), "{route}");
            }
            other => panic!("{route}: expected Error::Api, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn html_error_page_on_500_becomes_unexpected_body() {
    let server = MockServer::start().await;
    let page = format!(
        "<!DOCTYPE html><html><head><title>WordPress &rsaquo; Error</title></head><body>{}There has been a critical error on this website.</body></html>",
        "x".repeat(2000)
    );
    answer(
        &server,
        "/sites",
        ResponseTemplate::new(500).set_body_raw(page, "text/html; charset=UTF-8"),
    )
    .await;
    match get::<Value>(&client_for(&server), "sites").await {
        Error::UnexpectedBody {
            status,
            content_type,
            snippet,
        } => {
            assert_eq!(status, 500);
            assert_eq!(content_type.as_deref(), Some("text/html; charset=UTF-8"));
            assert!(snippet.starts_with("<!DOCTYPE html>"), "{snippet}");
            assert!(snippet.len() <= 512 + '…'.len_utf8(), "{}", snippet.len());
        }
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
}

#[tokio::test]
async fn html_page_on_200_and_foreign_json_on_error_become_unexpected_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/login",
        ResponseTemplate::new(200).set_body_raw("<html>Please log in</html>", "text/html"),
    )
    .await;
    answer(
        &server,
        "/proxy",
        ResponseTemplate::new(403).set_body_json(json!({"error": "blocked by firewall"})),
    )
    .await;
    let client = client_for(&server);
    assert!(matches!(
        get::<Value>(&client, "login").await,
        Error::UnexpectedBody { status: 200, .. }
    ));
    match get::<Value>(&client, "proxy").await {
        Error::UnexpectedBody {
            status, snippet, ..
        } => {
            assert_eq!(status, 403);
            assert!(snippet.contains("blocked by firewall"), "{snippet}");
        }
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_becomes_decode_error_with_snippet() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/sites",
        ResponseTemplate::new(200).set_body_raw(
            r#"{"success":1,"data":[{"id":"1","name":"Chi"#,
            "application/json",
        ),
    )
    .await;
    match get::<Value>(&client_for(&server), "sites").await {
        Error::Decode {
            status,
            snippet,
            source,
            ..
        } => {
            assert_eq!(status, 200);
            assert_eq!(snippet, r#"{"success":1,"data":[{"id":"1","name":"Chi"#);
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[derive(Debug, Deserialize)]
struct Site {
    id: u64,
    name: String,
}

#[derive(Debug, Deserialize)]
struct Sites {
    data: Vec<Site>,
}

#[tokio::test]
async fn mismatched_json_gives_decode_error_with_the_failing_path() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/sites",
        ResponseTemplate::new(200).set_body_json(json!({
            "success": 1,
            "data": [{"id": 1, "name": "One"}, {"id": "two", "name": "Two"}]
        })),
    )
    .await;
    answer(
        &server,
        "/sites/good",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": 1, "data": [{"id": 1, "name": "One"}]})),
    )
    .await;
    let client = client_for(&server);
    let good: Sites = client
        .execute(Request::new(Method::GET, "sites/good"))
        .await
        .expect("matching JSON decodes");
    let first = good.data.first().expect("one site");
    assert_eq!((first.id, first.name.as_str()), (1, "One"));
    match get::<Sites>(&client, "sites").await {
        Error::Decode { path, snippet, .. } => {
            assert_eq!(path, "data[1].id");
            assert!(snippet.contains("\"two\""), "{snippet}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn success_zero_on_200_becomes_rejected() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/monitors/1/check",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": 0, "message": "Monitor not found."})),
    )
    .await;
    answer(
        &server,
        "/sites/1/client",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": "0", "error": "Client is not set or not found."})),
    )
    .await;
    answer(
        &server,
        "/sites/add",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": false, "error": {"message": "Site already exists."}})),
    )
    .await;
    let client = client_for(&server);
    let error = match client
        .execute::<Value>(Request::new(Method::POST, "monitors/1/check"))
        .await
    {
        Err(error) => error,
        Ok(value) => panic!("expected Error::Rejected, got {value:?}"),
    };
    match &error {
        Error::Rejected {
            api,
            status,
            message,
            body,
        } => {
            assert_eq!(*api, mainwp::API_NAME);
            assert_eq!(*status, 200);
            assert_eq!(message, "Monitor not found.");
            assert_eq!(
                body,
                &json!({"success": 0, "message": "Monitor not found."})
            );
        }
        other => panic!("expected Error::Rejected, got {other:?}"),
    }
    assert_eq!(error.status(), Some(200));
    assert!(!error.is_retryable());
    for (route, expected) in [
        ("sites/1/client", "Client is not set or not found."),
        ("sites/add", "Site already exists."),
    ] {
        match get::<Value>(&client, route).await {
            Error::Rejected { message, .. } => assert_eq!(message, expected, "{route}"),
            other => panic!("{route}: expected Error::Rejected, got {other:?}"),
        }
    }
}

#[test]
fn decode_answer_reads_a_recorded_answer_as_execute_would() {
    #[derive(Debug, Deserialize)]
    struct Item {
        #[allow(dead_code)]
        id: u64,
    }
    #[derive(Debug, Deserialize)]
    struct Items {
        data: Vec<Item>,
    }
    let client = Client::builder()
        .base_url("https://dash.example.com")
        .token(TOKEN)
        .build()
        .expect("valid client configuration");
    let json = Some("application/json");
    let ok: Items = client
        .decode_answer(200, json, br#"{"success":1,"data":[{"id":1},{"id":2}]}"#)
        .expect("a 2xx answer that matches decodes");
    assert_eq!(ok.data.len(), 2);
    // The flag is found after a nested member that has one of its own.
    let late_flag = br#"{"data":{"success":1,"x":"}\"{"},"success":0,"message":"Gone"}"#;
    match client.decode_answer::<Value>(200, json, late_flag) {
        Err(Error::Rejected { message, .. }) => assert_eq!(message, "Gone"),
        other => panic!("expected Error::Rejected, got {other:?}"),
    }
    match client.decode_answer::<Items>(200, json, br#"{"data":[{"id":1},{"id":"x"}]}"#) {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data[1].id"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    match client.decode_answer::<Items>(200, json, br#"{"data":[]} trailing"#) {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "."),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    match client.decode_answer::<Items>(200, Some("text/html"), b"<html>oops</html>") {
        Err(Error::UnexpectedBody { status, .. }) => assert_eq!(status, 200),
        other => panic!("expected Error::UnexpectedBody, got {other:?}"),
    }
    let error_body = br#"{"code":"rest_no_route","message":"No route.","data":{"status":404}}"#;
    match client.decode_answer::<Value>(404, json, error_body) {
        Err(Error::Api { code, status, .. }) => {
            assert_eq!((code.as_str(), status), ("rest_no_route", 404))
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn unresponsive_server_gives_timeout() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/sites",
        ResponseTemplate::new(200)
            .set_body_json(json!({}))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_millis(150))
        .max_attempts(2)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .expect("client");
    let error = get::<Value>(&client, "sites").await;
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    // The GET was retried once after the first timeout.
    let seen = server.received_requests().await.expect("recording on");
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn refused_connection_gives_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .max_attempts(1)
        .build()
        .expect("client");
    let error = client
        .execute::<Value>(Request::new(Method::GET, "sites"))
        .await
        .expect_err("nothing listens there");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
}

/// Every text an error can show: Display, alternate Debug, and its source chain.
fn all_text(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

fn variant(error: &Error) -> &'static str {
    match error {
        Error::Api { .. } => "Api",
        Error::Rejected { .. } => "Rejected",
        Error::UnexpectedBody { .. } => "UnexpectedBody",
        Error::Decode { .. } => "Decode",
        Error::Timeout => "Timeout",
        Error::Transport(_) => "Transport",
        Error::Config(_) => "Config",
        _ => "unknown",
    }
}

#[tokio::test]
async fn token_never_appears_in_any_error_display_or_debug() {
    // A hostile or buggy server echoes the token everywhere it can.
    let server = MockServer::start().await;
    answer(
        &server,
        "/api",
        ResponseTemplate::new(401).set_body_json(json!({
            "code": format!("bad_{TOKEN}"),
            "message": format!("Invalid key {TOKEN}"),
            "data": {"status": 401, "key": TOKEN}
        })),
    )
    .await;
    answer(
        &server,
        "/rejected",
        ResponseTemplate::new(200).set_body_json(json!({
            "success": 0,
            "message": format!("Key {TOKEN} lacks the Write scope"),
            "echo": {"authorization": format!("Bearer {TOKEN}")}
        })),
    )
    .await;
    answer(
        &server,
        "/html",
        ResponseTemplate::new(502).set_body_raw(
            format!("<html>Authorization: Bearer {TOKEN}</html>"),
            "text/html",
        ),
    )
    .await;
    answer(
        &server,
        "/decode",
        ResponseTemplate::new(200).set_body_json(json!({"id": TOKEN})),
    )
    .await;
    answer(
        &server,
        "/slow",
        ResponseTemplate::new(200)
            .set_body_json(json!({}))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_millis(150))
        .max_attempts(1)
        .build()
        .expect("client");
    let mut errors = vec![
        get::<Value>(&client, "api").await,
        get::<Value>(&client, "rejected").await,
        get::<Value>(&client, "html").await,
        get::<std::collections::BTreeMap<String, u64>>(&client, "decode").await,
        get::<Value>(&client, "slow").await,
    ];
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let unreachable = Client::builder()
        .base_url(format!("http://127.0.0.1:{closed_port}"))
        .token(TOKEN)
        .max_attempts(1)
        .build()
        .expect("client");
    errors.push(get::<Value>(&unreachable, "sites").await);
    errors.push(
        client
            .execute::<Value>(
                Request::new(Method::GET, format!("x{TOKEN}/../../../../x"))
                    .header("x-key", "bad\nvalue"),
            )
            .await
            .expect_err("invalid request"),
    );
    for builder in [
        Client::builder()
            .base_url("http://dashboard.example.com")
            .token(TOKEN),
        Client::builder()
            .base_url("https://dashboard.example.com")
            .token(format!("{TOKEN}\u{7}x")),
        Client::builder().token(TOKEN),
    ] {
        errors.push(builder.build().expect_err("bad configuration"));
    }

    let variants: BTreeSet<&str> = errors.iter().map(variant).collect();
    assert_eq!(
        variants,
        BTreeSet::from([
            "Api",
            "Config",
            "Decode",
            "Rejected",
            "Timeout",
            "Transport",
            "UnexpectedBody"
        ]),
        "every variant is triggered"
    );
    for error in &errors {
        let text = all_text(error);
        assert!(
            !text.contains(TOKEN),
            "token leaked by {}: {text}",
            variant(error)
        );
    }
    // The echoes were redacted, not dropped.
    assert!(errors
        .iter()
        .any(|e| e.to_string().contains("Invalid key [REDACTED]")));

    // Nor do the configuration types print it.
    let builder = Client::builder().base_url(server.uri()).token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));
    assert!(!format!("{client:?}").contains(TOKEN));
    let token = mainwp::Token::new(TOKEN);
    assert!(!format!("{token:?} {token}").contains(TOKEN));
    assert_eq!(token.expose_secret(), TOKEN);
}
