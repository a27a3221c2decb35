//! Runtime: retries of transient failures, for idempotent requests only, and Retry-After.

use std::time::Duration;

use mainwp::{Client, Error, Method, Request, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mwp-retry-token-0123456789";
const API: &str = "/wp-json/mainwp/v2";
/// A guard so that a broken retry loop fails the test instead of hanging it.
const GUARD: Duration = Duration::from_secs(30);

/// A client whose computed backoff is tiny, so retries are fast.
fn fast_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry_base_delay(Duration::from_millis(1))
        .retry_max_delay(Duration::from_millis(5))
        .build()
        .expect("client")
}

/// Mounts `first` for the first `times` requests to `route`, then a 200.
async fn flaky(
    server: &MockServer,
    http_method: &str,
    route: &str,
    first: ResponseTemplate,
    times: u64,
) {
    Mock::given(method(http_method))
        .and(path(format!("{API}{route}")))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(http_method))
        .and(path(format!("{API}{route}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": 1, "ok": true})))
        .mount(server)
        .await;
}

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn get_answered_503_then_200_succeeds_after_a_retry() {
    let server = MockServer::start().await;
    flaky(&server, "GET", "/sites", ResponseTemplate::new(503), 1).await;
    let answer: Value = tokio::time::timeout(
        GUARD,
        fast_client(&server).execute(Request::new(Method::GET, "sites")),
    )
    .await
    .expect("finished")
    .expect("retried into success");
    assert_eq!(answer["ok"], true);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("{API}/tags/1/edit")))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(2)),
        )
        .build()
        .expect("client");
    let error = client
        .execute::<Value>(Request::new(Method::PUT, "tags/1/edit").json(json!({"name": "x"})))
        .await
        .expect_err("always 502");
    assert!(
        matches!(error, Error::UnexpectedBody { status: 502, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(requests_seen(&server).await, 4);
}

#[tokio::test]
async fn post_answered_503_is_not_retried() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "POST",
        "/sites/1/sync",
        ResponseTemplate::new(503),
        1,
    )
    .await;
    let error = fast_client(&server)
        .execute::<Value>(Request::new(Method::POST, "sites/1/sync"))
        .await
        .expect_err("503 is returned as is");
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn patch_is_not_retried_but_post_is_when_opted_in() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "PATCH",
        "/rest-api/edit-key/2",
        ResponseTemplate::new(429),
        1,
    )
    .await;
    let error = fast_client(&server)
        .execute::<Value>(Request::new(Method::PATCH, "rest-api/edit-key/2"))
        .await
        .expect_err("429 is returned as is");
    assert_eq!(error.status(), Some(429));
    assert_eq!(requests_seen(&server).await, 1);

    let server = MockServer::start().await;
    flaky(
        &server,
        "POST",
        "/sites/check",
        ResponseTemplate::new(504),
        1,
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_base_delay(Duration::from_millis(1))
        .retry_non_idempotent(true)
        .build()
        .expect("client");
    let answer: Value = client
        .execute(Request::new(Method::POST, "sites/check"))
        .await
        .expect("retried POST");
    assert_eq!(answer["ok"], true);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn per_request_idempotent_override_allows_retrying_a_post() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "POST",
        "/sites/1/check",
        ResponseTemplate::new(503),
        1,
    )
    .await;
    let answer: Value = fast_client(&server)
        .execute(Request::new(Method::POST, "sites/1/check").idempotent(true))
        .await
        .expect("retried POST marked idempotent");
    assert_eq!(answer["ok"], true);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn errors_that_are_not_transient_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/sites/999")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": "mainwp_rest_invalid_site_id",
            "message": "Invalid or not found ID.",
            "data": {"status": 404}
        })))
        .mount(&server)
        .await;
    let error = fast_client(&server)
        .execute::<Value>(Request::new(Method::GET, "sites/999"))
        .await
        .expect_err("404");
    assert_eq!(error.code(), Some("mainwp_rest_invalid_site_id"));
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn retry_after_is_honoured_instead_of_the_backoff() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        "/updates",
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    )
    .await;
    // The computed backoff would be half an hour or more: only obeying Retry-After (1 s)
    // lets the request finish before the guard.
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_base_delay(Duration::from_secs(3600))
        .retry_max_delay(Duration::from_secs(3600))
        .build()
        .expect("client");
    let answer: Value =
        tokio::time::timeout(GUARD, client.execute(Request::new(Method::GET, "updates")))
            .await
            .expect("Retry-After was obeyed, not the hour-long backoff")
            .expect("success after the wait");
    assert_eq!(answer["ok"], true);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn retry_after_longer_than_the_cap_returns_the_error_at_once() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        "/updates",
        ResponseTemplate::new(503).insert_header("retry-after", "600"),
        1,
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .max_retry_after(Duration::from_secs(5))
        .build()
        .expect("client");
    let error = tokio::time::timeout(
        GUARD,
        client.execute::<Value>(Request::new(Method::GET, "updates")),
    )
    .await
    .expect("did not wait ten minutes")
    .expect_err("maintenance answer is returned");
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests_seen(&server).await, 1);
}
