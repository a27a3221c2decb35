//! The client sends its token the way the collection's auth says: bearer (MainWP's
//! default), basic, a header or a query parameter, and never on `without_auth` requests.

use mainwp::{AuthScheme, Client, Method, Request};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_expecting(matcher: impl wiremock::Match + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/wp-json/mainwp/v2/sites"))
        .and(matcher)
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn call(
    server: &MockServer,
    scheme: AuthScheme,
    token: &str,
) -> Result<serde_json::Value, mainwp::Error> {
    let client = Client::builder()
        .base_url(server.uri())
        .token(token)
        .auth_scheme(scheme)
        .build()?;
    client.execute(Request::new(Method::GET, "sites")).await
}

#[test]
fn the_mainwp_client_defaults_to_bearer() {
    assert_eq!(mainwp::AUTH_SCHEME, AuthScheme::Bearer);
}

#[tokio::test]
async fn basic_auth_encodes_user_and_password() {
    let server = server_expecting(header("authorization", "Basic dXNlcjpwYXNz")).await;
    call(&server, AuthScheme::Basic, "user:pass")
        .await
        .expect("the server saw basic auth");
}

#[tokio::test]
async fn an_api_key_header_carries_the_token_alone() {
    let server = server_expecting(header("x-api-key", "k-123")).await;
    call(&server, AuthScheme::Header("X-Api-Key"), "k-123")
        .await
        .expect("the server saw the key header");
    let seen = &server.received_requests().await.expect("recorded")[0];
    assert!(
        !seen.headers.contains_key("authorization"),
        "no bearer beside the key"
    );
}

#[tokio::test]
async fn a_query_key_is_appended_to_the_url() {
    let server = server_expecting(query_param("api_key", "k-456")).await;
    call(&server, AuthScheme::Query("api_key"), "k-456")
        .await
        .expect("the server saw the key parameter");
}

#[tokio::test]
async fn requests_marked_without_auth_send_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), "secret").expect("client");
    let _: serde_json::Value = client
        .execute(Request::new(Method::GET, "sites").without_auth())
        .await
        .expect("answer");
    let seen = &server.received_requests().await.expect("recorded")[0];
    assert!(!seen.headers.contains_key("authorization"));
}
