//! Members that carry JSON inside a string (a site's `plugins`, `themes`,
//! `recent_posts`, `categories`): a real Dashboard's answer, as captured in the
//! collection, decodes through the client into `JsonText` members whose `decode()`
//! gives the items the raw text holds. The expected names are read from the raw
//! answer with `serde_json::Value`, not from the generated types.

use mainwp::types::ListSitesResponse;
use mainwp::Client;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// For each site of a raw "List sites" answer, the `key` of every item of the JSON
/// text in `member`, parsed here by hand.
fn raw_items(body: &str, member: &str, key: &str) -> Vec<Vec<String>> {
    let answer: Value = serde_json::from_str(body).expect("JSON");
    answer["data"]
        .as_array()
        .expect("a list of sites")
        .iter()
        .map(|site| {
            let text = site[member].as_str().expect("JSON text in a string");
            let items: Value = if text.is_empty() {
                Value::Array(Vec::new())
            } else {
                serde_json::from_str(text).expect("the text is JSON")
            };
            items
                .as_array()
                .expect("a list")
                .iter()
                .map(|item| item[key].as_str().expect("a text").to_string())
                .collect()
        })
        .collect()
}

/// The captured answer of the real Dashboard, sent by a local server, through the
/// generated client.
async fn list_sites(body: &str) -> ListSitesResponse {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/wp-json/mainwp/v2/sites"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json"))
        .mount(&server)
        .await;
    let client = Client::new(server.uri(), "not-a-real-token").expect("a client");
    client
        .sites()
        .list()
        .send()
        .await
        .expect("the answer decodes")
}

#[tokio::test]
async fn a_real_sites_answer_gives_each_sites_plugins_and_themes_by_name() {
    let body = workspace_tests::captured_body("Sites", "List sites", "Captured 200 OK");
    let answer = list_sites(&body).await;
    let plugins = raw_items(&body, "plugins", "name");
    let themes = raw_items(&body, "themes", "name");
    assert!(!answer.data.is_empty());
    assert_eq!(answer.data.len(), plugins.len());
    assert!(plugins.iter().any(|names| names.len() > 1), "{plugins:?}");
    for (i, site) in answer.data.iter().enumerate() {
        let decoded: Vec<String> = site
            .plugins
            .decode()
            .expect("plugins decode")
            .into_iter()
            .map(|plugin| plugin.name)
            .collect();
        assert_eq!(decoded, plugins[i], "site {}", site.id);
        let decoded: Vec<String> = site
            .themes
            .decode()
            .expect("themes decode")
            .into_iter()
            .map(|theme| theme.name)
            .collect();
        assert_eq!(decoded, themes[i], "site {}", site.id);
    }
}

#[tokio::test]
async fn a_real_sites_answer_keeps_its_json_text_byte_for_byte() {
    let body = workspace_tests::captured_body("Sites", "List sites", "Captured 200 OK");
    let answer = list_sites(&body).await;
    for site in &answer.data {
        // The member as sent, escapes and all, is a slice of the answer.
        for raw in [site.plugins.raw(), site.recent_posts.raw()] {
            assert!(raw.starts_with('"'), "{raw}");
            assert!(body.contains(raw), "not as sent: {raw}");
        }
    }
}

#[tokio::test]
async fn a_real_sites_answer_gives_recent_posts_and_categories_typed() {
    let body = workspace_tests::captured_body("Sites", "List sites", "Captured 200 OK");
    let answer = list_sites(&body).await;
    let titles = raw_items(&body, "recent_posts", "title");
    let categories = raw_items(&body, "categories", "name");
    for (i, site) in answer.data.iter().enumerate() {
        let posts = site.recent_posts.decode().expect("recent posts decode");
        let decoded: Vec<&str> = posts.iter().map(|post| post.title.as_str()).collect();
        assert_eq!(decoded, titles[i], "site {}", site.id);
        // Ids and timestamps are numbers, whatever the text wrote.
        assert!(posts.iter().all(|post| post.id > 0 && post.dts > 0));
        let decoded: Vec<String> = site
            .categories
            .decode()
            .expect("categories decode")
            .into_iter()
            .map(|category| category.name)
            .collect();
        assert_eq!(decoded, categories[i], "site {}", site.id);
    }
}

#[test]
fn a_plugin_list_that_does_not_fit_names_the_place_inside_the_text() {
    let body = workspace_tests::captured_body("Sites", "List sites", "Captured 200 OK");
    let mut answer: Value = serde_json::from_str(&body).expect("JSON");
    // The second plugin's `active` becomes something no flag reader takes.
    let site = &mut answer["data"][0];
    let mut plugins: Value =
        serde_json::from_str(site["plugins"].as_str().expect("text")).expect("JSON");
    plugins[1]["active"] = Value::String("sometimes".to_string());
    site["plugins"] = Value::String(plugins.to_string());
    let answer: ListSitesResponse =
        serde_json::from_value(answer).expect("the answer still decodes: the text is kept");
    let error = answer.data[0]
        .plugins
        .decode()
        .expect_err("`sometimes` is no flag");
    assert_eq!(error.path(), "[1].active");
}

/// A one-request collection whose answer lists sites with `plugins` as JSON text,
/// served below `base` (a MainWP root or another API's).
fn small_collection(base: &str) -> String {
    let answer = serde_json::json!({
        "success": 1,
        "data": [
            {"id": "1", "plugins": r#"[{"name":"Akismet","active":"1"}]"#},
            {"id": "2", "plugins": r#"[{"name":"Hello Dolly","active":0}]"#},
        ],
    });
    serde_json::json!({
        "info": {"name": "Small", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "Sites",
            "item": [{
                "name": "List sites",
                "request": {"method": "GET", "url": format!("{base}/sites")},
                "response": [{"name": "OK", "code": 200, "body": answer.to_string()}],
            }],
        }],
    })
    .to_string()
}

/// The generated `src/types.rs` of `collection`.
fn generated_types(collection: &str) -> String {
    let parsed = mainwp_codegen::postman::parse_str(collection, "small.json").expect("parses");
    let generated = mainwp_codegen::generate(&parsed, None).expect("generates");
    generated
        .files
        .into_iter()
        .find(|file| file.path.ends_with("types.rs"))
        .expect("a types file")
        .contents
}

#[test]
fn a_mainwp_collection_generates_json_text_members_typed_by_their_contents() {
    let types = generated_types(&small_collection(
        "https://dash.example.com/wp-json/mainwp/v2",
    ));
    let compact: String = types.split_whitespace().collect();
    assert!(
        compact.contains("pubplugins:crate::JsonText<Vec<crate::types::Plugin>>"),
        "{types}"
    );
    assert!(compact.contains("pubstructPlugin{"), "{types}");
}

#[test]
fn another_api_keeps_json_text_members_as_strings() {
    let types = generated_types(&small_collection("https://api.example.com/v1"));
    let compact: String = types.split_whitespace().collect();
    assert!(compact.contains("pubplugins:String"), "{types}");
    assert!(!types.contains("JsonText"), "{types}");
}
