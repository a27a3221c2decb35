//! The generated list builders page through a local server: `stream()` is lazy and
//! stops after the last page, `collect_all()` gathers every item.

use futures::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::mainwp_collection;

/// A site as the collection's successful "List sites" example shows it, with another id.
fn site(id: u64) -> Value {
    let collection: Value =
        serde_json::from_str(&std::fs::read_to_string(mainwp_collection()).expect("collection"))
            .expect("JSON");
    let sites = collection["item"]
        .as_array()
        .expect("folders")
        .iter()
        .find(|f| f["name"] == "Sites")
        .expect("Sites");
    let list = sites["item"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["name"] == "List sites")
        .expect("List sites");
    let success = list["response"]
        .as_array()
        .expect("examples")
        .iter()
        .find(|e| e["code"] == 200)
        .expect("a 200 example");
    let body: Value =
        serde_json::from_str(success["body"].as_str().expect("body")).expect("JSON body");
    let mut site = body["data"][0].clone();
    site["id"] = json!(id.to_string());
    site
}

async fn page(server: &MockServer, number: &str, sites: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path("/wp-json/mainwp/v2/sites"))
        .and(query_param("page", number))
        .and(query_param("per_page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": 1, "total": 3, "data": sites})),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn collect_all_gathers_every_page_and_stops_after_the_short_one() {
    let server = MockServer::start().await;
    page(&server, "1", vec![site(1), site(2)]).await;
    page(&server, "2", vec![site(3)]).await;
    let client = mainwp::Client::new(server.uri(), "token").expect("client");
    let sites = client
        .sites()
        .list()
        .per_page(2)
        .collect_all()
        .await
        .expect("every page decodes");
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn stream_fetches_a_page_only_when_its_items_are_wanted() {
    let server = MockServer::start().await;
    page(&server, "1", vec![site(1), site(2)]).await;
    let client = mainwp::Client::new(server.uri(), "token").expect("client");
    let first_two: Vec<_> = client
        .sites()
        .list()
        .per_page(2)
        .stream()
        .take(2)
        .collect()
        .await;
    assert_eq!(first_two.len(), 2);
    assert!(first_two.iter().all(Result::is_ok));
    assert_eq!(
        server.received_requests().await.map(|r| r.len()),
        Some(1),
        "page 2 was never asked for"
    );
}
