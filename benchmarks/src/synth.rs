//! Synthetic collections `factor` times the size of the MainWP one, for scaling runs.
//!
//! Copy 1 is the collection as it is. Copies 2..=factor repeat every top-level folder
//! with a suffix ` K<k> Copy` on every folder and request name (so accessors, modules,
//! builders and types get new names rather than numbered ones), a leading path segment
//! `k<k>` (so routes differ), and perturbed example values: non-numeric strings get
//! ` k<k>` appended, integers and integer strings above 1 are shifted (0/1 flags stay
//! flags, so inference decides the same kinds).
//!
//! With [`Keys::Distinct`] the member names of JSON example bodies (answers and request
//! bodies) also get a `_k<k>` suffix, except the members lowering gives a meaning
//! (`success`, `data`, `total`, pagination and background fields, ...) and keys that
//! are data (ids, urls): every copy then infers its own structs, so the generated crate
//! grows with the factor. With [`Keys::Same`] the copies have the same shapes as the
//! original and the type builder shares one struct between them (only aliases grow).

use serde_json::{Map, Value};

/// Whether the copies' example bodies keep the original member names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Member names get a per-copy suffix: every copy has its own types.
    Distinct,
    /// Member names unchanged: copies share the original's structs.
    Same,
}

/// Members lowering and inference look at by name; they keep their name in every copy.
const MEANINGFUL: &[&str] = &[
    "success",
    "message",
    "error",
    "code",
    "data",
    "items",
    "results",
    "result",
    "records",
    "entries",
    "payload",
    "response",
    "list",
    "rows",
    "total",
    "total_items",
    "count",
    "pages",
    "total_pages",
    "job_id",
    "queued_count",
    "last_time_start_batch_updates",
];

/// The MainWP collection as committed.
pub fn mainwp_collection_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../collection/mainwp-rest-api-v2.postman_collection.json"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// The collection text `factor` times the size of `original` (`factor == 1` returns it unchanged).
pub fn scaled_collection(original: &str, factor: usize, keys: Keys) -> String {
    if factor <= 1 {
        return original.to_string();
    }
    let mut root: Value = serde_json::from_str(original).expect("the collection is JSON");
    let folders = root["item"].as_array().cloned().unwrap_or_default();
    let items = root["item"]
        .as_array_mut()
        .expect("the collection has items");
    for k in 2..=factor {
        for folder in &folders {
            let mut copy = folder.clone();
            rename_item(&mut copy, k, keys);
            items.push(copy);
        }
    }
    serde_json::to_string_pretty(&root).expect("a Value always serializes")
}

fn rename_item(item: &mut Value, k: usize, keys: Keys) {
    let Some(object) = item.as_object_mut() else {
        return;
    };
    if let Some(Value::String(name)) = object.get_mut("name") {
        // Ends in a word, not a digit: postman2openapi makes a duplicate operation id
        // unique by appending a digit, so `K2` + `1` would collide with copy `K21`.
        name.push_str(&format!(" K{k} Copy"));
    }
    if let Some(request) = object.get_mut("request") {
        perturb_request(request, k, keys);
    }
    if let Some(Value::Array(responses)) = object.get_mut("response") {
        for response in responses {
            if let Some(original) = response.get_mut("originalRequest") {
                perturb_request(original, k, keys);
            }
            if let Some(Value::String(body)) = response.get_mut("body") {
                perturb_json_text(body, k, keys);
            }
        }
    }
    if let Some(Value::Array(children)) = object.get_mut("item") {
        for child in children {
            rename_item(child, k, keys);
        }
    }
}

fn perturb_request(request: &mut Value, k: usize, keys: Keys) {
    let Some(request) = request.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(url)) = request.get_mut("url") {
        if let Some(Value::String(raw)) = url.get_mut("raw") {
            *raw = raw.replacen("{{baseUrl}}/", &format!("{{{{baseUrl}}}}/k{k}/"), 1);
        }
        if let Some(Value::Array(path)) = url.get_mut("path") {
            path.insert(0, Value::String(format!("k{k}")));
        }
    }
    if let Some(Value::Object(body)) = request.get_mut("body") {
        if let Some(Value::String(raw)) = body.get_mut("raw") {
            perturb_json_text(raw, k, keys);
        }
    }
}

/// Perturbs a JSON body given as text; text that is not JSON is left alone.
fn perturb_json_text(text: &mut String, k: usize, keys: Keys) {
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    perturb_value(&mut value, k, keys);
    *text = serde_json::to_string_pretty(&value).expect("a Value always serializes");
}

fn perturb_value(value: &mut Value, k: usize, keys: Keys) {
    match value {
        Value::String(s) => {
            let t = s.trim();
            if let Ok(n) = t.parse::<i64>() {
                if n > 1 {
                    *s = (n + k as i64).to_string();
                }
            } else if !t.is_empty() && t.parse::<f64>().is_err() {
                s.push_str(&format!(" k{k}"));
            }
        }
        Value::Number(n) => {
            if let Some(i) = n.as_i64().filter(|i| *i > 1) {
                *value = Value::from(i + k as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| perturb_value(v, k, keys)),
        Value::Object(members) => {
            let old = std::mem::take(members);
            let mut renamed = Map::new();
            for (key, mut member) in old {
                perturb_value(&mut member, k, keys);
                let key = if keys == Keys::Distinct && renames(&key) {
                    format!("{key}_k{k}")
                } else {
                    key
                };
                renamed.insert(key, member);
            }
            *members = renamed;
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// Whether a member name is a field name without a meaning to lowering (ids, urls and
/// other data keys stay as they are, so maps stay maps).
fn renames(key: &str) -> bool {
    !MEANINGFUL.contains(&key)
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Folders, requests and saved examples of a collection text, for reports.
pub fn count_requests(text: &str) -> usize {
    fn walk(items: &[Value]) -> usize {
        items
            .iter()
            .map(|item| match item.get("item").and_then(Value::as_array) {
                Some(children) => walk(children),
                None => 1,
            })
            .sum()
    }
    let root: Value = serde_json::from_str(text).expect("the collection is JSON");
    walk(
        root["item"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default(),
    )
}
