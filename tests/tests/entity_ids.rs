//! An entity's `id`, as the real Dashboard gives it (`"id": "7"`, text), is what the
//! operation that fetches the entity takes: the types line up (this file compiles) and
//! the request goes back to the path the answer came from (written out here).

use mainwp::types::{ClientRecord, Cost, Site, Tag};
use mainwp::Client;
use serde_json::Value;

fn client() -> Client {
    Client::new("http://127.0.0.1:9", "not-a-real-token").expect("a client")
}

/// The `data` record of the captured answer `example` of the request `folder / name`.
fn captured_record<T: serde::de::DeserializeOwned>(folder: &str, name: &str, example: &str) -> T {
    let body: Value =
        serde_json::from_str(&workspace_tests::captured_body(folder, name, example)).expect("JSON");
    serde_json::from_value(body["data"].clone()).expect("the record decodes")
}

#[test]
fn a_tag_id_from_an_answer_fetches_that_tag() {
    let tag: Tag = captured_record("Tags", "Get tag", "Captured 200 OK, id 2");
    let request = client().tags().get(tag.id).to_request().expect("a request");
    assert_eq!(request.path(), "tags/2");
}

#[test]
fn a_cost_id_from_an_answer_fetches_that_cost() {
    let cost: Cost = captured_record("Costs", "Get cost", "Captured 200 OK, id 3");
    let request = client()
        .costs()
        .get(cost.id)
        .to_request()
        .expect("a request");
    assert_eq!(request.path(), "costs/3");
}

#[test]
fn a_site_id_from_an_answer_fetches_that_site() {
    let site: Site = captured_record("Sites", "Get site", "Captured 200 OK");
    let request = client()
        .sites()
        .get(site.id)
        .to_request()
        .expect("a request");
    assert_eq!(request.path(), "sites/1");
}

#[test]
fn a_client_id_from_an_answer_fetches_that_client() {
    let record: ClientRecord =
        captured_record("Clients", "Get client", "Captured 200 OK, id_email 3");
    let request = client()
        .clients()
        .get(record.id)
        .to_request()
        .expect("a request");
    assert_eq!(request.path(), "clients/3");
}
