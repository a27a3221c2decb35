//! Runtime: decoding real-world MainWP answers (extra fields, lenient shapes) and
//! pagination.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
// The runtime crate itself (generated crates carry a byte-identical copy), configured as
// the generated `mainwp` crate configures it: pagination helpers are not part of the
// generated crates' public API.
use mainwp_runtime::{
    collect_all, paginate, ApiConfig, AuthScheme, Client, Error, FailureFlag, Method, Page, Request,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mwp-decode-token-abcdef012345";
const API: &str = "/wp-json/mainwp/v2";

fn client_for(server: &MockServer) -> Client {
    mainwp_runtime::ClientBuilder::new(ApiConfig {
        api_name: mainwp::API_NAME,
        api_root: mainwp::API_ROOT,
        auth_scheme: AuthScheme::Bearer,
        failure_flag: Some(FailureFlag {
            member: "success",
            reason_members: &["message", "error"],
        }),
    })
    .base_url(server.uri())
    .token(TOKEN)
    .timeout(Duration::from_secs(5))
    .max_attempts(1)
    .build()
    .expect("client")
}

async fn answer(server: &MockServer, route: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(format!("{API}{route}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[derive(Debug, Deserialize)]
struct Site {
    #[serde(
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Int>"
    )]
    id: i64,
    name: String,
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Flag>"
    )]
    is_staging: bool,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
struct SiteAnswer {
    #[serde(
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Flag>"
    )]
    success: bool,
    data: Site,
}

#[tokio::test]
async fn unknown_fields_still_decode_into_a_flattened_extra_map() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/sites/1",
        json!({
            "success": 1,
            "data": {
                "id": "1",
                "name": "Child One",
                "is_staging": "0",
                "wp_version": "6.1.9",
                "brand_new_field": {"nested": [1, 2]}
            },
            "also_new": true
        }),
    )
    .await;
    let site: SiteAnswer = client_for(&server)
        .execute(Request::new(Method::GET, "sites/1"))
        .await
        .expect("extra fields are tolerated");
    assert!(site.success);
    assert_eq!(site.data.id, 1);
    assert_eq!(site.data.name, "Child One");
    assert!(!site.data.is_staging);
    assert_eq!(site.data.extra.get("wp_version"), Some(&json!("6.1.9")));
    assert_eq!(
        site.data.extra.get("brand_new_field"),
        Some(&json!({"nested": [1, 2]}))
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Tag {
    #[serde(
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Int>"
    )]
    id: i64,
    name: String,
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Opt<mainwp_runtime::lenient::Int>>"
    )]
    count_sites: Option<i64>,
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Opt<mainwp_runtime::lenient::List<mainwp_runtime::lenient::Int>>>"
    )]
    sites_ids: Option<Vec<i64>>,
}

#[derive(Debug, Deserialize)]
struct Tags {
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Map<mainwp_runtime::lenient::Same>>"
    )]
    data: BTreeMap<String, Tag>,
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Opt<mainwp_runtime::lenient::Int>>"
    )]
    total: Option<i64>,
}

#[tokio::test]
async fn empty_array_where_a_map_is_expected_decodes_via_lenient() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/tags",
        json!({"success": 1, "total": "0", "data": []}),
    )
    .await;
    answer(
        &server,
        "/tags/keyed",
        json!({"success": 1, "total": 2, "data": {
            "2": {"id": "2", "name": "Batch tag", "count_sites": "", "sites_ids": null},
            "1": {"id": 1, "name": "Production", "count_sites": "3", "sites_ids": ["4", 5]}
        }}),
    )
    .await;
    let client = client_for(&server);
    let empty: Tags = client
        .execute(Request::new(Method::GET, "tags"))
        .await
        .expect("[] is an empty map");
    assert!(empty.data.is_empty());
    assert_eq!(empty.total, Some(0));
    let keyed: Tags = client
        .execute(Request::new(Method::GET, "tags/keyed"))
        .await
        .expect("object keyed by id");
    assert_eq!(keyed.total, Some(2));
    assert_eq!(
        keyed.data.get("1"),
        Some(&Tag {
            id: 1,
            name: "Production".into(),
            count_sites: Some(3),
            sites_ids: Some(vec![4, 5]),
        })
    );
    assert_eq!(
        keyed
            .data
            .get("2")
            .map(|t| (t.count_sites, t.sites_ids.clone())),
        Some((None, None))
    );
}

#[tokio::test]
async fn lenient_decode_errors_report_the_path() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/tags",
        json!({"data": {"7": {"id": "7", "name": "x", "sites_ids": ["1", "two"]}}}),
    )
    .await;
    match client_for(&server)
        .execute::<Tags>(Request::new(Method::GET, "tags"))
        .await
    {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data.7.sites_ids[1]"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// Mounts page `n` of `/sites` (`per_page=2`).
async fn mount_page(server: &MockServer, page: u64, items: Value, total: u64) {
    Mock::given(method("GET"))
        .and(path(format!("{API}/sites")))
        .and(query_param("page", page.to_string()))
        .and(query_param("per_page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": 1,
            "total": total,
            "data": items
        })))
        .mount(server)
        .await;
}

#[derive(Debug, Deserialize)]
struct SitesPage {
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::Opt<mainwp_runtime::lenient::Int>>"
    )]
    total: Option<u64>,
    #[serde(
        default,
        deserialize_with = "mainwp_runtime::lenient::decode::<_, _, mainwp_runtime::lenient::List<mainwp_runtime::lenient::Same>>"
    )]
    data: Vec<Value>,
}

/// Fetches pages of `/sites` as generated code would, counting the calls.
fn fetcher(
    client: Client,
    calls: Arc<AtomicUsize>,
    use_totals: bool,
) -> impl FnMut(u64) -> futures::future::BoxFuture<'static, Result<Page<Value>, Error>> {
    move |page| {
        let client = client.clone();
        let calls = Arc::clone(&calls);
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            let answer: SitesPage = client
                .execute(
                    Request::new(Method::GET, "sites")
                        .query("page", page)
                        .query("per_page", 2),
                )
                .await?;
            let total = if use_totals { answer.total } else { None };
            Ok(Page::new(answer.data).with_total_items(total))
        })
    }
}

#[tokio::test]
async fn pagination_over_three_pages_stops_at_the_short_last_page() {
    let server = MockServer::start().await;
    mount_page(&server, 1, json!([{"id": "1"}, {"id": "2"}]), 5).await;
    mount_page(&server, 2, json!([{"id": "3"}, {"id": "4"}]), 5).await;
    mount_page(&server, 3, json!([{"id": "5"}]), 5).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let sites = collect_all(paginate(
        1,
        Some(2),
        fetcher(client_for(&server), Arc::clone(&calls), false),
    ))
    .await
    .expect("three pages");
    let ids: Vec<&str> = sites.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3, "no request for page 4");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

#[tokio::test]
async fn pagination_stops_at_total_items_and_is_lazy() {
    let server = MockServer::start().await;
    mount_page(&server, 1, json!([{"id": "1"}, {"id": "2"}]), 6).await;
    mount_page(&server, 2, json!([{"id": "3"}, {"id": "4"}]), 6).await;
    mount_page(&server, 3, json!([{"id": "5"}, {"id": "6"}]), 6).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let stream = paginate(
        1,
        Some(2),
        fetcher(client_for(&server), Arc::clone(&calls), true),
    );
    futures::pin_mut!(stream);
    // Taking three items needs two pages only.
    let first_three: Vec<_> = stream.as_mut().take(3).collect().await;
    assert_eq!(first_three.len(), 3);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let rest: Vec<_> = stream.collect().await;
    assert_eq!(rest.len(), 3);
    // Page 3 is full, but total (6) says it is the last one.
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn pagination_yields_the_first_error_once_then_ends() {
    let server = MockServer::start().await;
    mount_page(&server, 1, json!([{"id": "1"}, {"id": "2"}]), 9).await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/sites")))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "code": "internal", "message": "Boom", "data": null
        })))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let results: Vec<Result<Value, Error>> = paginate(
        1,
        Some(2),
        fetcher(client_for(&server), Arc::clone(&calls), false),
    )
    .collect()
    .await;
    assert_eq!(results.len(), 3);
    assert!(results.iter().take(2).all(Result::is_ok));
    assert!(matches!(
        results.last(),
        Some(Err(Error::Api { status: 500, .. }))
    ));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
