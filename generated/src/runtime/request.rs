//! One API call before it is sent: method, path, query, headers and body.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::fmt;
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::error::Error;

/// A request to the API, relative to the client's API root
/// ([`ApiConfig::api_root`](super::client::ApiConfig::api_root)).
///
/// Built by the generated operation builders, or by hand for routes they do not cover:
///
/// ```ignore
/// let request = Request::new(Method::GET, format!("sites/{}", encode_path_segment("12")))
///     .query("per_page", 50);
/// ```
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) timeout: Option<Duration>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) with_auth: bool,
}

/// The body of a request.
#[derive(Clone, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    Json(Value),
    Form(Value),
    Multipart(Vec<Part>),
    Raw {
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl Request {
    /// A request for `path`, relative to the API root and already percent-encoded (use
    /// [`encode_path_segment`] on every variable segment). A leading `/` is ignored.
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            timeout: None,
            idempotent: None,
            with_auth: true,
        }
    }

    /// Appends a query parameter. Repeated names are allowed and the order is kept.
    pub fn query(mut self, name: &str, value: impl ToString) -> Request {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sets the query parameter `name` to `value`: replaces the first value of that
    /// name in place (dropping any later ones), or appends it when there is none.
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        match self.query.iter().position(|(n, _)| n == name) {
            Some(index) => {
                self.query[index].1 = value;
                let mut seen = 0;
                self.query.retain(|(n, _)| {
                    seen += usize::from(n == name);
                    n != name || seen == 1
                });
            }
            None => self.query.push((name.to_owned(), value)),
        }
    }

    /// Sets a header. The first use of a name replaces the client's default for it
    /// (`Accept`, `User-Agent`, `Authorization`); later uses of the same name add values.
    /// An invalid name or value makes [`Client::execute`](super::Client::execute) fail
    /// with [`Error::Config`].
    pub fn header(mut self, name: &str, value: impl ToString) -> Request {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json(mut self, body: Value) -> Request {
        self.body = Body::Json(body);
        self
    }

    /// Sends `body` serialized as JSON; [`Error::Config`] when it does not serialize.
    pub fn json_from<B: Serialize + ?Sized>(self, body: &B) -> Result<Request, Error> {
        // Only the serialization is generic: one small copy per body type.
        self.with_body(serde_json::to_value(body), Body::Json)
    }

    /// Sends `body` serialized, then form-encoded as [`form`](Request::form) says;
    /// [`Error::Config`] when it does not serialize.
    pub fn form_from<B: Serialize + ?Sized>(self, body: &B) -> Result<Request, Error> {
        self.with_body(serde_json::to_value(body), Body::Form)
    }

    fn with_body(
        mut self,
        value: Result<Value, serde_json::Error>,
        body: fn(Value) -> Body,
    ) -> Result<Request, Error> {
        let value = value
            .map_err(|err| Error::Config(format!("the request body does not serialize: {err}")))?;
        self.body = body(value);
        Ok(self)
    }

    /// Sends `body`, a JSON object, form-encoded the way PHP reads it: strings as they
    /// are, numbers as text, booleans as `1`/`0`, arrays as repeated `key[]=value`,
    /// nested objects as `key[sub]=value`; `null` members are left out, empty arrays and
    /// objects are sent as `key=`.
    pub fn form(mut self, body: Value) -> Request {
        self.body = Body::Form(body);
        self
    }

    /// Sends a `multipart/form-data` body.
    pub fn multipart(mut self, parts: Vec<Part>) -> Request {
        self.body = Body::Multipart(parts);
        self
    }

    /// Sends `bytes` as they are, with the given `Content-Type`.
    pub fn raw(mut self, content_type: &str, bytes: Vec<u8>) -> Request {
        self.body = Body::Raw {
            content_type: content_type.to_owned(),
            bytes,
        };
        self
    }

    /// Overrides the client's timeout for this request (long-running routes such as a
    /// full sync may need more).
    pub fn timeout(mut self, timeout: Duration) -> Request {
        self.timeout = Some(timeout);
        self
    }

    /// Sends this request without the client's `Authorization` header (for routes the
    /// collection marks as needing no auth).
    pub fn without_auth(mut self) -> Request {
        self.with_auth = false;
        self
    }

    /// Overrides whether this request may be retried: `true` marks it safe to send twice
    /// (a POST that only reads, say), `false` forbids retries whatever the method.
    pub fn idempotent(mut self, idempotent: bool) -> Request {
        self.idempotent = Some(idempotent);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path relative to the API root.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values and bodies may carry secrets (passwords of new users, keys): only
        // their names and sizes are shown.
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let body = match &self.body {
            Body::Empty => "none".to_owned(),
            Body::Json(_) => "json".to_owned(),
            Body::Form(_) => "form".to_owned(),
            Body::Multipart(parts) => format!("multipart ({} parts)", parts.len()),
            Body::Raw {
                content_type,
                bytes,
            } => format!("raw {content_type} ({} bytes)", bytes.len()),
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("body", &body)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Clone)]
pub struct Part {
    name: String,
    kind: PartKind,
}

#[derive(Clone)]
enum PartKind {
    Text(String),
    File {
        filename: String,
        bytes: Vec<u8>,
        content_type: Option<String>,
    },
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl ToString) -> Part {
        Part {
            name: name.into(),
            kind: PartKind::Text(value.to_string()),
        }
    }

    /// A file upload, sent as `application/octet-stream` unless
    /// [`content_type`](Part::content_type) says otherwise.
    pub fn file(
        name: impl Into<String>,
        filename: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Part {
        Part {
            name: name.into(),
            kind: PartKind::File {
                filename: filename.into(),
                bytes: bytes.into(),
                content_type: None,
            },
        }
    }

    /// Sets the content type of a file part (no effect on text parts).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Part {
        if let PartKind::File {
            content_type: ct, ..
        } = &mut self.kind
        {
            *ct = Some(content_type.into());
        }
        self
    }

    /// The field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn to_reqwest(&self) -> Result<reqwest::multipart::Part, Error> {
        match &self.kind {
            PartKind::Text(value) => Ok(reqwest::multipart::Part::text(value.clone())),
            PartKind::File {
                filename,
                bytes,
                content_type,
            } => reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(filename.clone())
                .mime_str(
                    content_type
                        .as_deref()
                        .unwrap_or("application/octet-stream"),
                )
                .map_err(|_| {
                    Error::Config(format!(
                        "multipart part `{}` has an invalid content type",
                        self.name
                    ))
                }),
        }
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Part");
        s.field("name", &self.name);
        match &self.kind {
            PartKind::Text(value) => s.field("text_len", &value.len()),
            PartKind::File {
                filename,
                bytes,
                content_type,
            } => s
                .field("filename", filename)
                .field("bytes", &bytes.len())
                .field("content_type", content_type),
        };
        s.finish()
    }
}

impl Body {
    /// Adds this body to a request being built; called once per attempt. The content
    /// type is left alone when the request set one itself.
    pub(crate) fn apply(
        &self,
        builder: reqwest::RequestBuilder,
        has_content_type: bool,
    ) -> Result<reqwest::RequestBuilder, Error> {
        use reqwest::header::{CONTENT_TYPE, HeaderValue};
        let with_type = |builder: reqwest::RequestBuilder, value: HeaderValue| {
            if has_content_type {
                builder
            } else {
                builder.header(CONTENT_TYPE, value)
            }
        };
        Ok(match self {
            Body::Empty => builder,
            Body::Json(value) => {
                let bytes = serde_json::to_vec(value).map_err(|e| {
                    Error::Config(format!("could not serialise the JSON body: {e}"))
                })?;
                with_type(builder, HeaderValue::from_static("application/json")).body(bytes)
            }
            Body::Form(value) => {
                let encoded = form_encode(value)?;
                with_type(
                    builder,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(encoded)
            }
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    form = form.part(part.name.clone(), part.to_reqwest()?);
                }
                builder.multipart(form)
            }
            Body::Raw {
                content_type,
                bytes,
            } => {
                let value = HeaderValue::from_str(content_type).map_err(|_| {
                    Error::Config(
                        "the raw body's content type is not a valid header value".to_owned(),
                    )
                })?;
                with_type(builder, value).body(bytes.clone())
            }
        })
    }
}

/// A query parameter's value as a generated builder stores it: `None` adds nothing.
pub trait QueryValue {
    /// Appends `name=value` to `query` when there is a value.
    fn append_to(&self, name: &str, query: &mut Vec<(String, String)>);
}

impl<V: fmt::Display> QueryValue for Option<V> {
    fn append_to(&self, name: &str, query: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            query.push((name.to_owned(), value.to_string()));
        }
    }
}

/// `request` with the query parameters `pairs` appended in order, those without a
/// value left out: what a generated builder's `to_request` does with its parameters,
/// in one call rather than a branch and a generic call per parameter.
pub fn with_query(mut request: Request, pairs: &[(&str, &dyn QueryValue)]) -> Request {
    for (name, value) in pairs {
        value.append_to(name, &mut request.query);
    }
    request
}

/// `request` with the query parameter `name` appended once per value, in order.
pub fn with_query_each(mut request: Request, name: &str, values: &[String]) -> Request {
    for value in values {
        request.query.push((name.to_owned(), value.clone()));
    }
    request
}

/// A request path: `template` with each `{}` replaced by the next of `segments`, each
/// percent-encoded as one path segment (see [`encode_path_segment`]). The template is
/// taken as it is, so its literal parts must be encoded already.
pub fn fill_path(template: &str, segments: &[&dyn fmt::Display]) -> String {
    let mut path = String::with_capacity(template.len() + 16 * segments.len());
    let mut segments = segments.iter();
    let mut pieces = template.split("{}");
    if let Some(first) = pieces.next() {
        path.push_str(first);
    }
    for piece in pieces {
        if let Some(segment) = segments.next() {
            path.push_str(&encode_path_segment(&segment.to_string()));
        }
        path.push_str(piece);
    }
    path
}

/// Encodes a JSON object as `application/x-www-form-urlencoded`, PHP style.
pub(crate) fn form_encode(value: &Value) -> Result<String, Error> {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                form_pairs(key, value, &mut out);
            }
        }
        _ => {
            return Err(Error::Config(
                "a form body must be a JSON object".to_owned(),
            ));
        }
    }
    Ok(out.finish())
}

fn form_pairs(key: &str, value: &Value, out: &mut url::form_urlencoded::Serializer<'_, String>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => {
            out.append_pair(key, if *b { "1" } else { "0" });
        }
        Value::Number(n) => {
            out.append_pair(key, &n.to_string());
        }
        Value::String(s) => {
            out.append_pair(key, s);
        }
        Value::Array(items) if items.is_empty() => {
            out.append_pair(key, "");
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                // Scalars as `key[]`; nested structures need the index so PHP keeps
                // the members of one element together.
                let sub = if item.is_array() || item.is_object() {
                    format!("{key}[{index}]")
                } else {
                    format!("{key}[]")
                };
                form_pairs(&sub, item, out);
            }
        }
        Value::Object(map) if map.is_empty() => {
            out.append_pair(key, "");
        }
        Value::Object(map) => {
            for (sub, item) in map {
                form_pairs(&format!("{key}[{sub}]"), item, out);
            }
        }
    }
}

/// Percent-encodes one path segment: everything but the unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`, so `/`, `?`, `#`, `%` and spaces cannot
/// change the route.
pub fn encode_path_segment(segment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_path_segments() {
        assert_eq!(
            encode_path_segment("child.example.com"),
            "child.example.com"
        );
        assert_eq!(encode_path_segment("a/b c?d#e%f"), "a%2Fb%20c%3Fd%23e%25f");
        assert_eq!(
            encode_path_segment("ops@acme.example"),
            "ops%40acme.example"
        );
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("A-z_0~"), "A-z_0~");
    }

    #[test]
    fn form_encodes_php_style() {
        let body = json!({
            "name": "A & B",
            "price": 25.5,
            "count": 3,
            "active": true,
            "off": false,
            "skip": null,
            "websites": [1, "2"],
            "empty": [],
            "meta": {"a": "x", "b": {"c": 1}},
            "rows": [{"id": 1}]
        });
        let encoded = form_encode(&body).unwrap_or_default();
        let mut pairs: Vec<String> = encoded.split('&').map(str::to_owned).collect();
        pairs.sort();
        let mut expected = vec![
            "name=A+%26+B",
            "price=25.5",
            "count=3",
            "active=1",
            "off=0",
            "websites%5B%5D=1",
            "websites%5B%5D=2",
            "empty=",
            "meta%5Ba%5D=x",
            "meta%5Bb%5D%5Bc%5D=1",
            "rows%5B0%5D%5Bid%5D=1",
        ];
        expected.sort_unstable();
        assert_eq!(pairs, expected);
        assert!(form_encode(&json!([1])).is_err());
        assert_eq!(form_encode(&Value::Null).unwrap_or_default(), "");
    }

    #[test]
    fn fills_path_parameters_encoded() {
        let id: i64 = 12;
        assert_eq!(
            fill_path("sites/{}/plugins/{}", &[&id, &"a/b c"]),
            "sites/12/plugins/a%2Fb%20c"
        );
        assert_eq!(fill_path("{}", &[&"x?y"]), "x%3Fy");
        assert_eq!(fill_path("sites/count", &[]), "sites/count");
    }

    #[test]
    fn query_pairs_keep_their_order_and_skip_unset_values() {
        let (page, search, none): (Option<i64>, Option<String>, Option<bool>) =
            (Some(2), Some("a b".to_owned()), None);
        let request = with_query(
            Request::new(Method::GET, "sites"),
            &[("page", &page), ("full", &none), ("search", &search)],
        );
        let request = with_query_each(request, "ids[]", &["1".to_owned(), "2".to_owned()]);
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("page", "2"),
                ("search", "a b"),
                ("ids[]", "1"),
                ("ids[]", "2")
            ]
        );
    }

    #[test]
    fn setting_a_query_parameter_replaces_it_in_place_or_appends_it() {
        let mut request = Request::new(Method::GET, "sites")
            .query("page", 1)
            .query("per_page", 5)
            .query("page", 9);
        request.set_query("page", "3".to_owned());
        request.set_query("status", "any".to_owned());
        assert_eq!(
            request.query,
            [
                ("page".to_owned(), "3".to_owned()),
                ("per_page".to_owned(), "5".to_owned()),
                ("status".to_owned(), "any".to_owned()),
            ]
        );
    }

    #[test]
    fn serialized_bodies_become_json_or_form_bodies() {
        let request = Request::new(Method::POST, "tags").json_from(&json!({"name": "a"}));
        assert!(matches!(request.map(|r| r.body), Ok(Body::Json(v)) if v["name"] == "a"));
        let request = Request::new(Method::POST, "tags").form_from(&json!({"name": "a"}));
        assert!(matches!(request.map(|r| r.body), Ok(Body::Form(v)) if v["name"] == "a"));
        // A map with non-string keys does not serialize to JSON.
        let map = std::collections::BTreeMap::from([((1, 2), "x")]);
        let request = Request::new(Method::POST, "tags").json_from(&map);
        assert!(
            matches!(&request, Err(Error::Config(m)) if m.starts_with("the request body does not serialize")),
            "{request:?}"
        );
    }

    #[test]
    fn debug_hides_header_values_and_bodies() {
        let request = Request::new(Method::POST, "users/create")
            .header("X-Secret", "hunter2")
            .json(json!({"password": "hunter2"}));
        let debug = format!("{request:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("X-Secret"));
    }
}
