//! The collection as an editable JSON tree: the requests it holds, and the saved examples
//! capture puts into it.
//!
//! The file is kept as a `serde_json::Value` (with `preserve_order`) rather than the
//! generator's Postman model, because capture must write back everything it does not
//! touch exactly as it was; [`Document::load`] refuses a file whose re-serialization
//! would differ from its text, so saving can never reformat a request nobody captured.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// What the names of captured examples begin with; re-running capture replaces them.
pub const CAPTURED_PREFIX: &str = "Captured";

/// A collection file and its JSON tree.
pub struct Document {
    path: PathBuf,
    pub root: Value,
}

impl Document {
    /// Reads the file, and checks that writing it back unchanged gives the same bytes.
    pub fn load(path: &Path) -> Result<Document> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let root: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        if to_text(&root)? != text {
            bail!(
                "{}: writing the collection back would change its formatting (expected JSON with \
                 two-space indentation and a final newline, as `cargo xtask capture` writes it); \
                 refusing to rewrite it",
                path.display()
            );
        }
        Ok(Document {
            path: path.to_path_buf(),
            root,
        })
    }

    /// Writes the tree back, through a temporary file so that a failed write leaves the
    /// old file whole.
    pub fn save(&self) -> Result<()> {
        let text = to_text(&self.root)?;
        let temporary = self.path.with_extension("json.capture-tmp");
        std::fs::write(&temporary, text)
            .with_context(|| format!("writing {}", temporary.display()))?;
        std::fs::rename(&temporary, &self.path)
            .with_context(|| format!("replacing {}", self.path.display()))
    }

    /// Every request, in document order.
    pub fn requests(&self) -> Vec<RequestSpec> {
        let mut out = Vec::new();
        if let Some(items) = self.root.get("item").and_then(Value::as_array) {
            collect(items, &mut Vec::new(), &mut Vec::new(), &mut out);
        }
        out
    }

    /// The item (request) at `index`.
    pub fn item_mut(&mut self, index: &[usize]) -> Option<&mut Value> {
        let mut node = &mut self.root;
        for &i in index {
            node = node.get_mut("item")?.get_mut(i)?;
        }
        Some(node)
    }
}

/// The collection's text as capture writes it: two-space indentation, final newline
/// (what Postman and `JSON.stringify(c, null, 2)` write).
pub fn to_text(root: &Value) -> Result<String> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    root.serialize(&mut serializer)
        .context("serializing the collection")?;
    out.push(b'\n');
    String::from_utf8(out).context("the serialized collection is not UTF-8")
}

/// A request of the collection, read enough to send it.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// Indices through the nested `item` lists, to find the item again.
    pub index: Vec<usize>,
    /// `Folder / Sub-folder / Request name`, for messages.
    pub title: String,
    pub method: String,
    /// Path segments after `{{baseUrl}}`; variables keep their `:` prefix.
    pub segments: Vec<String>,
    /// Path variables with the collection's example values.
    pub variables: Vec<(String, String)>,
    /// The enabled query parameters with their example values.
    pub query: Vec<(String, String)>,
    /// The names of every query parameter, disabled ones too.
    pub query_names: Vec<String>,
    pub body: Option<Body>,
}

/// A request body as capture sends it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(Value),
    Form(Vec<(String, String)>),
}

impl RequestSpec {
    /// The route as live-check and the route table spell it: `tags/{id}/edit`.
    pub fn route(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s.strip_prefix(':') {
                Some(name) => format!("{{{name}}}"),
                None => s.clone(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `METHOD route`, the key sequences and summaries use.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.route())
    }

    /// The names of the path variables, in path order.
    pub fn path_params(&self) -> Vec<&str> {
        self.segments
            .iter()
            .filter_map(|s| s.strip_prefix(':'))
            .collect()
    }

    /// The example value of a path variable.
    pub fn example_value(&self, param: &str) -> Option<&str> {
        self.variables
            .iter()
            .find(|(k, _)| k == param)
            .map(|(_, v)| v.as_str())
    }
}

fn collect(
    items: &[Value],
    index: &mut Vec<usize>,
    folders: &mut Vec<String>,
    out: &mut Vec<RequestSpec>,
) {
    for (i, item) in items.iter().enumerate() {
        index.push(i);
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(children) = item.get("item").and_then(Value::as_array) {
            folders.push(name);
            collect(children, index, folders, out);
            folders.pop();
        } else if let Some(request) = item.get("request").filter(|r| r.is_object()) {
            let mut title = folders.clone();
            title.push(name);
            out.push(read_request(index.clone(), title.join(" / "), request));
        }
        index.pop();
    }
}

fn read_request(index: Vec<usize>, title: String, request: &Value) -> RequestSpec {
    let url = &request["url"];
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let pairs = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|e| !e["disabled"].as_bool().unwrap_or(false))
            .filter_map(|e| Some((e["key"].as_str()?.to_string(), text(&e["value"]))))
            .collect()
    };
    let segments = url["path"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    let body = match request["body"]["mode"].as_str() {
        Some("raw") => request["body"]["raw"]
            .as_str()
            .and_then(|raw| serde_json::from_str(raw).ok())
            .map(Body::Json),
        Some("urlencoded") => Some(Body::Form(pairs(&request["body"]["urlencoded"]))),
        _ => None,
    };
    RequestSpec {
        index,
        title,
        method: request["method"].as_str().unwrap_or("GET").to_uppercase(),
        segments,
        variables: pairs(&url["variable"]),
        query: pairs(&url["query"]),
        query_names: url["query"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["key"].as_str().map(str::to_string))
            .collect(),
        body,
    }
}

/// One request as it was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub path_values: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub body: Option<Body>,
}

/// One answer as it came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    /// The status text (`OK`, `Not Found`).
    pub reason: String,
    pub content_type: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The WordPress error code of a non-2xx answer.
    pub fn error_code(&self) -> Option<String> {
        self.json()?.get("code")?.as_str().map(str::to_string)
    }
}

/// The generator's rule (lowering's `says_failure`): a false `success` beside a
/// `message` or `error`.
pub fn says_failure(value: &Value) -> bool {
    if value.get("message").is_none() && value.get("error").is_none() {
        return false;
    }
    match value.get("success") {
        Some(Value::Bool(false)) => true,
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        Some(Value::String(s)) => s == "0" || s.eq_ignore_ascii_case("false"),
        _ => false,
    }
}

/// A saved example for `request`: its `originalRequest` is the item's request with the
/// values really sent (the url keeps `{{baseUrl}}`, the auth stays the collection's
/// `{{apiKey}}` variable), and the answer's status, Content-Type and body.
pub fn example(item: &Value, name: &str, sent: &Sent, answer: &Answer) -> Value {
    let mut original = item["request"].clone();
    strip_descriptions(&mut original);
    if let Some(request) = original.as_object_mut() {
        set_url(request, sent);
        match &sent.body {
            Some(body) => set_body(request, body),
            None => {
                request.remove("body");
            }
        }
    }
    let body = match answer.json() {
        Some(mut value) => {
            mask_secrets(&mut value);
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| answer.body.clone())
        }
        None => answer.body.clone(),
    };
    let content_type = answer
        .content_type
        .clone()
        .unwrap_or_else(|| "text/plain".to_string());
    let language = if content_type.contains("json") {
        "json"
    } else {
        "text"
    };
    json!({
        "name": name,
        "originalRequest": original,
        "status": answer.reason,
        "code": answer.status,
        "_postman_previewlanguage": language,
        "header": [{"key": "Content-Type", "value": content_type}],
        "cookie": [],
        "body": body,
    })
}

/// Members holding secrets the server hands out once (a new API key's bearer token).
const SECRET_MEMBERS: &[&str] = &["token", "consumer_key", "consumer_secret"];

/// Replaces the letters and digits of secrets with `0`, keeping their length and
/// punctuation (`==` between the token's halves), so the example keeps its shape but a
/// key created by a capture run, even one deleted since, never lands in the collection.
fn mask_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                match member {
                    Value::String(text) if SECRET_MEMBERS.contains(&key.as_str()) => {
                        *text = text
                            .chars()
                            .map(|c| if c.is_ascii_alphanumeric() { '0' } else { c })
                            .collect();
                    }
                    other => mask_secrets(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

/// Saved examples carry no descriptions (the request has them).
fn strip_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("description");
            map.values_mut().for_each(strip_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

fn set_url(request: &mut Map<String, Value>, sent: &Sent) {
    let Some(url) = request.get_mut("url").and_then(Value::as_object_mut) else {
        return;
    };
    let path: Vec<String> = url
        .get("path")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    let host = url
        .get("host")
        .and_then(Value::as_array)
        .and_then(|h| h.first())
        .and_then(Value::as_str)
        .unwrap_or("{{baseUrl}}")
        .to_string();
    let mut raw = format!("{host}/{}", path.join("/"));
    if !sent.query.is_empty() {
        let pairs: Vec<String> = sent.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        raw = format!("{raw}?{}", pairs.join("&"));
    }
    url.insert("raw".into(), Value::String(raw));
    if sent.query.is_empty() {
        url.remove("query");
    } else {
        let query = sent
            .query
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        url.insert("query".into(), Value::Array(query));
    }
    if sent.path_values.is_empty() {
        url.remove("variable");
    } else {
        let variables = sent
            .path_values
            .iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        url.insert("variable".into(), Value::Array(variables));
    }
}

fn set_body(request: &mut Map<String, Value>, body: &Body) {
    let value = match body {
        Body::Json(value) => json!({
            "mode": "raw",
            "raw": serde_json::to_string_pretty(value).unwrap_or_default(),
            "options": {"raw": {"language": "json"}},
        }),
        Body::Form(fields) => json!({
            "mode": "urlencoded",
            "urlencoded": fields
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v, "type": "text"}))
                .collect::<Vec<_>>(),
        }),
    };
    request.insert("body".into(), value);
}

/// Puts the captured examples of one request into its item: earlier captured examples
/// go, and invented success examples go when a real success came back, unless they show
/// a kind of value where every real success has only an empty one (a lab without pending
/// updates answers `"plugins": []`, a monitor that never ran `"uptime_ratio_7d": 0`; the
/// invented example is then the only evidence of what a filled one looks like).
/// Everything else (hand-written errors and `success: 0` answers) stays where it was.
/// Returns how many invented examples were replaced.
pub fn merge_examples(item: &mut Value, captured: Vec<Value>) -> usize {
    let real: Vec<Value> = captured
        .iter()
        .filter(|e| is_success_example(e))
        .filter_map(example_json)
        .collect();
    let blank_in_real = blank_everywhere(&real);
    let kinds_in_real = kinds_anywhere(&real);
    let Some(object) = item.as_object_mut() else {
        return 0;
    };
    let responses = object
        .entry("response")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(list) = responses.as_array_mut() else {
        return 0;
    };
    list.retain(|example| !is_captured(example));
    let before = list.len();
    if !real.is_empty() {
        list.retain(|example| {
            !is_success_example(example)
                || example_json(example).is_some_and(|invented| {
                    shows_more(&invented, &blank_in_real)
                        || shows_no_value(&invented, &kinds_in_real)
                })
        });
    }
    let replaced = before - list.len();
    list.extend(captured);
    replaced
}

fn example_json(example: &Value) -> Option<Value> {
    serde_json::from_str(example["body"].as_str()?).ok()
}

/// Every value of `value` with its path (`.data.plugins`, `.data[]`: list items share one).
fn values<'a>(value: &'a Value, path: String, visit: &mut dyn FnMut(String, &'a Value)) {
    visit(path.clone(), value);
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                values(member, format!("{path}.{key}"), visit);
            }
        }
        Value::Array(items) => {
            for item in items {
                values(item, format!("{path}[]"), visit);
            }
        }
        _ => {}
    }
}

/// A value that says nothing about what a filled one looks like.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(_) => false,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty() || s == "0",
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
    }
}

/// The kind of a value, as far as the types inferred from it differ.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(items) if items.is_empty() => "empty",
        Value::Object(map) if map.is_empty() => "empty",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// The paths present in every one of `answers` with only blank values there, and the
/// kinds of those values.
fn blank_everywhere(answers: &[Value]) -> BTreeMap<String, BTreeSet<&'static str>> {
    let mut common: Option<BTreeMap<String, BTreeSet<&'static str>>> = None;
    for answer in answers {
        let mut blank: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
        let mut filled = BTreeSet::new();
        values(answer, String::new(), &mut |path, value| {
            if is_blank(value) {
                blank.entry(path).or_default().insert(kind(value));
            } else {
                filled.insert(path);
            }
        });
        blank.retain(|path, _| !filled.contains(path));
        common = Some(match common {
            None => blank,
            Some(mut common) => {
                common.retain(|path, _| blank.contains_key(path));
                for (path, kinds) in common.iter_mut() {
                    kinds.extend(blank[path].iter().copied());
                }
                common
            }
        });
    }
    common.unwrap_or_default()
}

/// Every kind of value each path holds in any of `answers`.
fn kinds_anywhere(answers: &[Value]) -> BTreeMap<String, BTreeSet<&'static str>> {
    let mut kinds: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for answer in answers {
        values(answer, String::new(), &mut |path, value| {
            kinds.entry(path).or_default().insert(kind(value));
        });
    }
    kinds
}

/// Whether `invented` holds a blank of a kind the real answers never show where they
/// have values (`"completed_at": ""` of a job still running, beside a real timestamp):
/// the "no value yet" form, which the real answers did not meet.
fn shows_no_value(
    invented: &Value,
    kinds_in_real: &BTreeMap<String, BTreeSet<&'static str>>,
) -> bool {
    let mut more = false;
    values(invented, String::new(), &mut |path, value| {
        if is_blank(value) {
            if let Some(kinds) = kinds_in_real.get(&path) {
                more |= !kinds.contains(kind(value));
            }
        }
    });
    more
}

/// Whether `invented` holds a filled value of another kind where the real answers only
/// have blank ones.
fn shows_more(invented: &Value, blank_in_real: &BTreeMap<String, BTreeSet<&'static str>>) -> bool {
    let mut more = false;
    values(invented, String::new(), &mut |path, value| {
        if !is_blank(value) {
            if let Some(kinds) = blank_in_real.get(&path) {
                more |= !kinds.contains(kind(value));
            }
        }
    });
    more
}

/// Whether an example was written by capture.
pub fn is_captured(example: &Value) -> bool {
    example["name"]
        .as_str()
        .is_some_and(|n| n.starts_with(CAPTURED_PREFIX))
}

/// A 2xx example whose body does not say it failed.
pub fn is_success_example(example: &Value) -> bool {
    let ok = example["code"]
        .as_u64()
        .is_some_and(|c| (200..300).contains(&c));
    let failed = example["body"]
        .as_str()
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .is_some_and(|v| says_failure(&v));
    ok && !failed
}
