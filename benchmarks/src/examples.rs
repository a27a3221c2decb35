//! Saved example answers of the MainWP collection, and a large "List sites" answer
//! built from one.

use serde_json::{json, Map, Value};

use crate::synth::mainwp_collection_text;

/// The body of the first 2xx example of the request `request` in folder `folder`
/// (a top-level folder name), as saved in the collection.
pub fn example_body(folder: &str, request: &str) -> String {
    let root: Value =
        serde_json::from_str(&mainwp_collection_text()).expect("the collection is JSON");
    let folder_items = root["item"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == folder)
        .and_then(|f| f["item"].as_array())
        .unwrap_or_else(|| panic!("no folder `{folder}`"));
    let item = folder_items
        .iter()
        .find(|i| i["name"] == request)
        .unwrap_or_else(|| panic!("no request `{request}` in `{folder}`"));
    item["response"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["code"].as_u64().is_none_or(|c| (200..300).contains(&c)))
        .and_then(|r| r["body"].as_str())
        .unwrap_or_else(|| panic!("no 2xx example body for `{request}`"))
        .to_string()
}

/// A "List sites" answer with `sites` sites (compact JSON), modelled on the saved
/// example: the same members, ids and flags as strings, `tags` an object of id to name
/// (an empty list for every fifth site, as PHP sends an empty map), and `plugins`,
/// `themes`, `recent_*` and `categories` JSON-encoded strings; each site has 4 to 23
/// plugins and 1 to 4 themes. Each site also gets `unknown_members` members no example
/// shows (`custom_0`, `custom_1`, ...: strings), which the generated types keep in
/// their `extra` map.
pub fn large_sites_list(sites: usize, unknown_members: usize) -> Vec<u8> {
    let example: Value =
        serde_json::from_str(&example_body("Sites", "List sites")).expect("the example is JSON");
    let template = example["data"][0]
        .as_object()
        .expect("the example lists sites")
        .clone();
    let data: Vec<Value> = (1..=sites)
        .map(|i| {
            let mut site = site(&template, i);
            for j in 0..unknown_members {
                site[format!("custom_{j}")] = Value::String(format!("value {j} of site {i}"));
            }
            site
        })
        .collect();
    let answer = json!({ "success": 1, "total": sites, "data": data });
    serde_json::to_vec(&answer).expect("a Value always serializes")
}

fn site(template: &Map<String, Value>, i: usize) -> Value {
    let mut site = template.clone();
    let mut set = |key: &str, value: Value| {
        site.insert(key.to_string(), value);
    };
    set("id", Value::String(i.to_string()));
    set("name", Value::String(format!("Child site {i}")));
    set(
        "url",
        Value::String(format!("https://child{i}.example.com/")),
    );
    set("client_id", Value::String((i % 97).to_string()));
    set(
        "database_size",
        Value::String((300_000 + i * 17).to_string()),
    );
    set("health_score", Value::String((60 + i % 41).to_string()));
    set(
        "note",
        Value::String(if i.is_multiple_of(3) {
            format!("Client shop {i}, update on Mondays.")
        } else {
            String::new()
        }),
    );
    let tags = if i.is_multiple_of(5) {
        json!([])
    } else {
        let mut tags = Map::new();
        for t in 0..(1 + i % 3) {
            tags.insert(
                (1 + (i + t) % 20).to_string(),
                Value::String(format!("Tag {}", (i + t) % 20)),
            );
        }
        Value::Object(tags)
    };
    set("tags", tags);
    let plugins: Vec<Value> = (0..4 + i % 20)
        .map(|p| {
            json!({
                "name": format!("Plugin {p} of site {i}"),
                "slug": format!("plugin-{p}/plugin-{p}.php"),
                "description": "Adds a feature to the site; documentation and options can be found on the plugin's page.",
                "version": format!("{}.{}.{}", 1 + p % 7, p % 10, i % 10),
                "active": (p + i) % 2,
            })
        })
        .collect();
    set(
        "plugins",
        Value::String(serde_json::to_string(&plugins).expect("serializes")),
    );
    let themes: Vec<Value> = (0..1 + i % 4)
        .map(|t| {
            json!({
                "name": format!("Theme {t}"),
                "title": format!("Theme {t}"),
                "description": "A block theme designed to take advantage of the site editor.",
                "version": format!("1.{t}"),
                "active": u8::from(t == 0),
                "slug": format!("theme-{t}"),
                "parent_active": 0,
            })
        })
        .collect();
    set(
        "themes",
        Value::String(serde_json::to_string(&themes).expect("serializes")),
    );
    Value::Object(site)
}
