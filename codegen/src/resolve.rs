//! Postman model -> resolved requests: what each request means in Postman's own terms.
//!
//! Urls are split into host, path segments and query (whether written as a string or
//! as an object), `{{variables}}` are substituted with the collection's values, auth
//! is inherited down the folders, bodies are read according to their mode, and saved
//! examples are paired with the request they were sent for. Nothing here knows of Rust
//! or of the client that will be made; [`crate::lower`] makes those decisions.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Kind, Location};
use crate::postman;

/// A collection with every request resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// The collection's name, as written.
    pub name: String,
    pub description: String,
    /// The collection-level auth, which every request inherits unless it says otherwise.
    pub auth: Option<Auth>,
    /// Requests outside every folder, and the top-level folders.
    pub root: Folder,
}

/// Postman auth: its type (`bearer`, `apikey`, `noauth`, ...) and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    pub kind: String,
    /// Parameters with `{{variables}}` left as written (they name credentials).
    pub params: BTreeMap<String, String>,
}

/// A folder: its requests and sub-folders, each in collection order.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// The folder name as written (empty for the root).
    pub name: String,
    /// Folder names from the root down to this one.
    pub path: Vec<String>,
    pub description: String,
    pub requests: Vec<Request>,
    pub folders: Vec<Folder>,
}

/// One request, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The request name as written.
    pub name: String,
    /// The names of the folders it is in, from the root.
    pub folders: Vec<String>,
    /// Where it is, for messages: `Folder / Sub-folder / Request` and its JSON path.
    pub location: Location,
    /// The HTTP method, upper-case (`GET` when the collection gives none).
    pub method: String,
    pub host: Host,
    pub path: Vec<Segment>,
    /// Query entries with a key, values substituted; the collection's API key (when it is
    /// sent in the query) is auth, not a parameter, and left out.
    pub query: Vec<QueryEntry>,
    /// Enabled headers with a key, values substituted.
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    /// The bodies the saved examples sent (when they differ from the request's).
    pub sent_bodies: Vec<Body>,
    /// The auth in effect: the request's own, else its nearest folder's, else the collection's.
    pub auth: Option<Auth>,
    /// The item's description, else the request's.
    pub description: String,
    pub examples: Vec<Example>,
    /// Resolving it found an error (reported): later stages check what they can of it
    /// but make nothing from it.
    pub invalid: bool,
}

/// Where a request goes, as written and with variables substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// Scheme, host and port as written (`{{baseUrl}}`, `https://api.example.com`).
    pub template: String,
    /// The template with the collection's variables substituted.
    pub resolved: String,
    /// Names of the variables in the template.
    pub variables: Vec<String>,
}

/// One segment of a url path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Fixed text, variables substituted.
    Literal(String),
    /// A `:name` segment, or a `{{name}}` the collection gives no value for.
    Variable(PathVariable),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathVariable {
    pub name: String,
    /// The value the collection gives it (never empty).
    pub example: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEntry {
    pub key: String,
    /// The value, variables substituted.
    pub value: Option<String>,
    /// Names of the `{{variables}}` in the value as written (`api_key={{key}}`): the
    /// caller's to give, never text to send.
    pub variables: Vec<String>,
    /// The value as written.
    pub template: Option<String>,
    /// Unticked in Postman: documented, not sent.
    pub disabled: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    /// The value, variables substituted.
    pub value: String,
    /// The value as written.
    pub template: String,
    /// Names of the `{{variables}}` in the value as written: such a header is
    /// configuration (a credential, a setting), not a fixed value.
    pub variables: Vec<String>,
}

/// A request body, read according to its mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Raw text that is JSON (unresolved variables outside strings read as `null`).
    Json(Value),
    /// Raw text that is not JSON. `declared_json` when the body or a Content-Type header
    /// says it is JSON all the same.
    Text {
        language: Option<String>,
        declared_json: bool,
    },
    /// `urlencoded` fields, values as written.
    UrlEncoded(Vec<FormField>),
    /// `formdata` fields, values as written.
    FormData(Vec<FormField>),
    /// A file sent as the whole body.
    File,
    /// `{query, variables}`, variables parsed when given as JSON text.
    GraphQl(Value),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub key: String,
    pub value: Option<String>,
    /// A file part (`formdata` only).
    pub is_file: bool,
    pub disabled: bool,
}

/// A saved example, paired with the request it was sent for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub name: String,
    pub status: u16,
    /// The value the example's url gives each path variable of the request, in the
    /// request's order (`None` where the example gives none).
    pub path_values: Vec<(String, Option<String>)>,
    /// Query pairs sent (enabled ones, values substituted).
    pub query: Vec<(String, String)>,
    /// The body sent: raw text with variables substituted, form fields as a JSON object.
    pub body: Option<String>,
    pub response_body: Option<String>,
    pub content_type: Option<String>,
}

/// Resolves every request of a collection. A request with an error (reported in
/// `diagnostics`) is kept, marked `invalid`, so later stages can report their own
/// problems with it in the same run.
pub fn resolve(collection: &postman::Collection, diagnostics: &mut Diagnostics) -> Collection {
    let resolver = Resolver::new(collection);
    let auth = collection.auth.as_ref().map(Auth::from);
    let root = Folder {
        name: String::new(),
        path: Vec::new(),
        description: description(&collection.info.description),
        requests: Vec::new(),
        folders: Vec::new(),
    };
    let root = resolver.folder(root, &collection.item, "", auth.as_ref(), diagnostics);
    Collection {
        name: collection.info.name.clone(),
        description: description(&collection.info.description),
        auth,
        root,
    }
}

impl From<&postman::Auth> for Auth {
    fn from(auth: &postman::Auth) -> Auth {
        Auth {
            kind: auth.kind.clone(),
            params: auth.params.clone(),
        }
    }
}

struct Resolver {
    /// Collection variables and their values, for substituting `{{name}}`.
    variables: BTreeMap<String, String>,
    /// The query key that carries the collection's API key, when it goes in the query.
    auth_query_key: Option<String>,
}

impl Resolver {
    fn new(collection: &postman::Collection) -> Resolver {
        let variables = collection
            .variable
            .iter()
            .filter(|v| !v.disabled)
            .filter_map(|v| Some((v.name()?.to_string(), v.value_text().unwrap_or_default())))
            .collect();
        let auth_query_key = match &collection.auth {
            Some(auth)
                if auth.kind == "apikey"
                    && auth.params.get("in").map(String::as_str) == Some("query") =>
            {
                auth.params.get("key").cloned()
            }
            _ => None,
        };
        Resolver {
            variables,
            auth_query_key,
        }
    }

    /// Fills `folder` with the requests and sub-folders of `items`.
    fn folder(
        &self,
        mut folder: Folder,
        items: &[postman::Item],
        json_path: &str,
        auth: Option<&Auth>,
        diagnostics: &mut Diagnostics,
    ) -> Folder {
        for (index, item) in items.iter().enumerate() {
            let item_path = if json_path.is_empty() {
                format!("item[{index}]")
            } else {
                format!("{json_path}.item[{index}]")
            };
            if item.is_folder() {
                let mut path = folder.path.clone();
                path.push(item.name.clone());
                let own = own_auth(item.auth.as_ref());
                let child = Folder {
                    name: item.name.clone(),
                    path,
                    description: description(&item.description),
                    requests: Vec::new(),
                    folders: Vec::new(),
                };
                let child = self.folder(
                    child,
                    item.item.as_deref().unwrap_or_default(),
                    &item_path,
                    own.as_ref().or(auth),
                    diagnostics,
                );
                folder.folders.push(child);
            } else {
                let request = self.request(item, &folder.path, &item_path, auth, diagnostics);
                folder.requests.push(request);
            }
        }
        folder
    }

    fn request(
        &self,
        item: &postman::Item,
        folders: &[String],
        json_path: &str,
        inherited: Option<&Auth>,
        diagnostics: &mut Diagnostics,
    ) -> Request {
        let errors_before = diagnostics.errors().count();
        let mut names = folders.to_vec();
        names.push(item.name.clone());
        let location = Location::request(names.join(" / "), json_path);
        let request = item.request.clone().unwrap_or_default();
        let url = match request.url.as_ref() {
            Some(url) => {
                let parts = self.url_parts(url);
                if parts.is_none() {
                    diagnostics.error(
                        Kind::Url,
                        location.at("request.url"),
                        "has an empty url (no host and no path)",
                    );
                }
                parts
            }
            None => {
                diagnostics.error(Kind::Url, location.at("request"), "has no url");
                None
            }
        };
        if let Some(body) = request.body.as_ref().filter(|b| !b.disabled) {
            self.warn_body_variables(body, &location, diagnostics);
        }
        let body = match request.body.as_ref().filter(|b| !b.disabled) {
            Some(body) => match self.body(body, &request.header) {
                Ok(body) => body,
                Err(mode) => {
                    diagnostics.error(
                        Kind::Body,
                        location.at("request.body.mode"),
                        format!("has a body of mode `{mode}`, which Postman does not define (expected raw, urlencoded, formdata, file or graphql)"),
                    );
                    None
                }
            },
            None => None,
        };
        let url = url.unwrap_or_default();

        let path: Vec<Segment> = url
            .segments
            .iter()
            .map(|segment| self.segment(segment, &url.variables, &location, diagnostics))
            .collect();
        let query = url
            .query
            .iter()
            .filter_map(|entry| {
                let key = entry.key.clone().filter(|k| !k.is_empty())?;
                if Some(&key) == self.auth_query_key.as_ref() {
                    return None;
                }
                Some(QueryEntry {
                    key,
                    value: entry.value.as_deref().map(|v| self.substitute(v)),
                    variables: entry.value.as_deref().map(variables_in).unwrap_or_default(),
                    template: entry.value.clone(),
                    disabled: entry.disabled,
                    description: description(&entry.description),
                })
            })
            .collect();
        let headers = request
            .header
            .0
            .iter()
            .filter(|h| !h.disabled && !h.key.is_empty())
            .map(|h| {
                let template = h.value.clone().unwrap_or_default();
                Header {
                    name: h.key.clone(),
                    value: self.substitute(&template),
                    variables: variables_in(&template),
                    template,
                }
            })
            .collect();
        let sent_bodies = item
            .response
            .iter()
            .filter_map(|r| r.original_request.as_ref()?.body.as_ref())
            .filter_map(|b| self.body(b, &postman::Headers::default()).ok().flatten())
            .collect();
        let own_auth = own_auth(request.auth.as_ref()).or_else(|| own_auth(item.auth.as_ref()));
        let examples = item
            .response
            .iter()
            .map(|response| self.example(response, &request, &path))
            .collect();
        let mut text = description(&item.description);
        if text.is_empty() {
            text = description(&request.description);
        }
        Request {
            name: item.name.clone(),
            folders: folders.to_vec(),
            location,
            method: match request.method.as_deref().map(str::to_ascii_uppercase) {
                Some(method) if !method.is_empty() => method,
                _ => "GET".to_string(),
            },
            host: Host {
                variables: variables_in(&url.host),
                resolved: self.substitute(&url.host),
                template: url.host,
            },
            path,
            query,
            headers,
            body,
            sent_bodies,
            auth: own_auth.or_else(|| inherited.cloned()),
            description: text,
            examples,
            invalid: diagnostics.errors().count() > errors_before,
        }
    }

    /// A path segment: `:name` and unresolved `{{name}}` are variables, the rest is text.
    fn segment(
        &self,
        segment: &str,
        declared: &[postman::Variable],
        location: &Location,
        diagnostics: &mut Diagnostics,
    ) -> Segment {
        let name = match segment.strip_prefix(':') {
            Some(name) => name.to_string(),
            None => {
                let resolved = self.substitute(segment);
                if !resolved.contains("{{") {
                    return Segment::Literal(resolved);
                }
                variable_name(segment)
            }
        };
        let variable = declared.iter().find(|v| v.name() == Some(name.as_str()));
        if variable.is_none() && segment.starts_with(':') {
            diagnostics.warning(
                Kind::PathVariable,
                location.at("request.url.variable"),
                format!("path variable `{name}` is not described"),
            );
        }
        Segment::Variable(PathVariable {
            example: variable
                .and_then(postman::Variable::value_text)
                .filter(|v| !v.is_empty()),
            description: variable
                .map(|v| description(&v.description))
                .unwrap_or_default(),
            name,
        })
    }

    /// Splits a url (object or raw string) into host, path segments, query and variables.
    fn url_parts(&self, url: &postman::Url) -> Option<UrlParts> {
        let raw = url.raw.clone().unwrap_or_default();
        let (raw_host, raw_segments, raw_query) = split_raw_url(&raw);
        let host = match &url.host {
            Some(host) if !host.is_empty() => {
                let mut text = String::new();
                if let Some(protocol) = &url.protocol {
                    text.push_str(protocol.trim_end_matches("://"));
                    text.push_str("://");
                }
                text.push_str(&host.join("."));
                if let Some(port) = &url.port {
                    text.push(':');
                    text.push_str(port);
                }
                text
            }
            _ => raw_host,
        };
        let segments: Vec<String> = match &url.path {
            Some(path) => path
                .iter()
                .flat_map(|p| p.split('/'))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            None => raw_segments,
        };
        if host.is_empty() && segments.is_empty() {
            return None;
        }
        let query = if url.query.is_empty() && url.host.is_none() {
            raw_query
        } else {
            url.query.clone()
        };
        Some(UrlParts {
            host,
            segments,
            query,
            variables: url.variable.clone(),
        })
    }

    /// A body by its mode; `Err` holds a mode Postman does not define.
    fn body(
        &self,
        body: &postman::Body,
        headers: &postman::Headers,
    ) -> Result<Option<Body>, String> {
        let mode = body.mode.clone().unwrap_or_else(|| {
            if body.raw.is_some() {
                "raw".into()
            } else {
                String::new()
            }
        });
        Ok(match mode.as_str() {
            "" => None,
            "raw" => {
                let raw = body.raw.clone().unwrap_or_default();
                if raw.trim().is_empty() {
                    return Ok(None);
                }
                Some(match self.parse_json_text(&raw) {
                    Some(value) => Body::Json(value),
                    None => Body::Text {
                        language: body.raw_language().map(str::to_string),
                        declared_json: body.raw_language() == Some("json")
                            || headers.0.iter().any(|h| {
                                h.key.eq_ignore_ascii_case("content-type")
                                    && h.value.as_deref().unwrap_or_default().contains("json")
                            }),
                    },
                })
            }
            "urlencoded" => Some(Body::UrlEncoded(self.form_fields(&body.urlencoded))),
            "formdata" => Some(Body::FormData(self.form_fields(&body.formdata))),
            "file" => Some(Body::File),
            "graphql" => {
                let graphql = body.graphql.clone();
                let variables =
                    graphql
                        .as_ref()
                        .and_then(|g| g.variables.clone())
                        .map(|v| match v {
                            Value::String(text) => self
                                .parse_json_text(&text)
                                .unwrap_or(Value::Object(Default::default())),
                            other => other,
                        });
                Some(Body::GraphQl(serde_json::json!({
                    "query": graphql.and_then(|g| g.query).unwrap_or_default(),
                    "variables": variables.unwrap_or(Value::Object(Default::default())),
                })))
            }
            other => return Err(other.to_string()),
        })
    }

    /// A saved example: what its request sent, and what came back.
    fn example(
        &self,
        response: &postman::Response,
        request: &postman::Request,
        path: &[Segment],
    ) -> Example {
        let sent = response.original_request.as_ref().unwrap_or(request);
        let parts = sent.url.as_ref().and_then(|u| self.url_parts(u));
        let path_values = path
            .iter()
            .filter_map(|segment| match segment {
                Segment::Variable(variable) => Some(variable),
                Segment::Literal(_) => None,
            })
            .map(|variable| {
                let value = parts
                    .as_ref()
                    .and_then(|p| {
                        p.variables
                            .iter()
                            .find(|v| v.name() == Some(variable.name.as_str()))
                    })
                    .and_then(postman::Variable::value_text)
                    .or_else(|| variable.example.clone());
                (variable.name.clone(), value)
            })
            .collect();
        let query = parts
            .as_ref()
            .map(|p| {
                p.query
                    .iter()
                    .filter(|q| !q.disabled)
                    .filter_map(|q| {
                        Some((
                            q.key.clone()?,
                            self.substitute(q.value.as_deref().unwrap_or_default()),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Example {
            name: response.name.clone(),
            status: response.code.unwrap_or(200),
            path_values,
            query,
            body: sent.body.as_ref().and_then(|b| self.example_body(b)),
            response_body: response.body.clone(),
            content_type: response.content_type().map(str::to_string),
        }
    }

    /// The body an example sent, as JSON text (form fields become a JSON object).
    fn example_body(&self, body: &postman::Body) -> Option<String> {
        match body.mode.as_deref() {
            Some("raw") | None => body
                .raw
                .as_ref()
                .filter(|r| !r.trim().is_empty())
                .map(|raw| self.substitute(raw)),
            Some("urlencoded") | Some("formdata") => {
                let fields = if body.mode.as_deref() == Some("urlencoded") {
                    &body.urlencoded
                } else {
                    &body.formdata
                };
                let object: serde_json::Map<String, Value> = fields
                    .iter()
                    .filter(|f| !f.disabled && f.kind.as_deref() != Some("file"))
                    .map(|f| {
                        (
                            f.key.clone(),
                            Value::String(self.substitute(f.value.as_deref().unwrap_or_default())),
                        )
                    })
                    .collect();
                Some(Value::Object(object).to_string())
            }
            _ => None,
        }
    }

    /// Replaces `{{name}}` with the collection's value; unknown variables stay as they are.
    fn substitute(&self, text: &str) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find("}}") {
                Some(end) => {
                    let name = after[..end].trim();
                    match self.variables.get(name).filter(|v| !v.is_empty()) {
                        Some(value) => out.push_str(value),
                        None => {
                            out.push_str("{{");
                            out.push_str(&after[..end]);
                            out.push_str("}}");
                        }
                    }
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Form fields with variables substituted. A field whose key is a variable without a
    /// value cannot be sent (its name is not known): it is left out, with a warning
    /// ([`Resolver::warn_body_variables`]).
    fn form_fields(&self, fields: &[postman::FormField]) -> Vec<FormField> {
        fields
            .iter()
            .map(|f| FormField {
                key: self.substitute(&f.key),
                value: f.value.as_deref().map(|v| self.substitute(v)),
                is_file: f.kind.as_deref() == Some("file"),
                disabled: f.disabled,
            })
            .filter(|f| !f.key.contains("{{"))
            .collect()
    }

    /// The variables of `text` that the collection gives no value.
    fn unknown_variables(&self, text: &str) -> Vec<String> {
        variables_in(text)
            .into_iter()
            .filter(|name| self.variables.get(name).is_none_or(|v| v.is_empty()))
            .collect()
    }

    /// Warns about body variables the collection gives no value: what the generator
    /// gives up on (a form field it cannot name, an example value it cannot know).
    fn warn_body_variables(
        &self,
        body: &postman::Body,
        location: &Location,
        diagnostics: &mut Diagnostics,
    ) {
        if let Some(raw) = &body.raw {
            for name in self.unknown_variables(raw) {
                diagnostics.warning(
                    Kind::Variable,
                    location.at("request.body.raw"),
                    format!(
                        "the body uses `{{{{{name}}}}}`, which has no value in the collection: the body's type learns nothing from it, and the caller gives the value"
                    ),
                );
            }
        }
        for (mode, fields) in [
            ("urlencoded", &body.urlencoded),
            ("formdata", &body.formdata),
        ] {
            for (index, field) in fields.iter().enumerate() {
                for name in self.unknown_variables(&field.key) {
                    diagnostics.warning(
                        Kind::Variable,
                        location.at(&format!("request.body.{mode}[{index}].key")),
                        format!(
                            "form field key `{}` uses `{{{{{name}}}}}`, which has no value in the collection: the field is not sent",
                            field.key
                        ),
                    );
                }
            }
        }
    }

    /// JSON text that may hold `{{variables}}` (even unquoted, as Postman allows).
    fn parse_json_text(&self, raw: &str) -> Option<Value> {
        let text = self.substitute(raw);
        serde_json::from_str(&text).ok().or_else(|| {
            // Unresolved variables outside strings: stand in a null so the rest still types.
            let mut patched = String::with_capacity(text.len());
            let mut rest = text.as_str();
            let mut in_string = false;
            let mut escaped = false;
            while let Some(c) = rest.chars().next() {
                if !in_string && rest.starts_with("{{") {
                    if let Some(end) = rest.find("}}") {
                        patched.push_str("null");
                        rest = &rest[end + 2..];
                        continue;
                    }
                }
                match c {
                    '\\' if in_string => escaped = !escaped,
                    '"' if !escaped => in_string = !in_string,
                    _ => escaped = false,
                }
                if c != '\\' {
                    escaped = false;
                }
                patched.push(c);
                rest = &rest[c.len_utf8()..];
            }
            serde_json::from_str(&patched).ok()
        })
    }
}

/// A url taken apart: where it goes and what it carries.
#[derive(Default)]
struct UrlParts {
    host: String,
    segments: Vec<String>,
    query: Vec<postman::QueryParam>,
    variables: Vec<postman::Variable>,
}

/// An item's own auth; `inherit` (Postman's default) means it has none of its own.
fn own_auth(auth: Option<&postman::Auth>) -> Option<Auth> {
    auth.filter(|a| a.kind != "inherit").map(Auth::from)
}

/// `{{name}}` -> `name` (the first variable of a segment).
fn variable_name(segment: &str) -> String {
    variables_in(segment)
        .into_iter()
        .next()
        .unwrap_or_else(|| segment.to_string())
}

/// The names of the `{{variables}}` in a text, in order.
pub fn variables_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

/// Splits a raw url into host, path segments and query.
fn split_raw_url(raw: &str) -> (String, Vec<String>, Vec<postman::QueryParam>) {
    let raw = raw.trim();
    let without_hash = raw.split('#').next().unwrap_or_default();
    let (before_query, query_text) = without_hash.split_once('?').unwrap_or((without_hash, ""));
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), before_query),
    };
    let mut pieces = rest.split('/');
    let host = pieces.next().unwrap_or_default();
    let segments = pieces
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let query = query_text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            postman::QueryParam {
                key: Some(key.to_string()),
                value: Some(value.to_string()),
                disabled: false,
                description: None,
            }
        })
        .collect();
    let host = if host.is_empty() {
        String::new()
    } else {
        format!("{scheme}{host}")
    };
    (host, segments, query)
}

fn description(text: &Option<postman::Description>) -> String {
    text.as_ref()
        .map(|d| d.0.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_json(json: serde_json::Value) -> (Collection, Diagnostics) {
        let collection =
            postman::parse_str(&json.to_string(), "test.json").expect("a valid collection");
        let mut diagnostics = Diagnostics::new();
        let resolved = resolve(&collection, &mut diagnostics);
        (resolved, diagnostics)
    }

    fn first_request(collection: &Collection) -> &Request {
        let mut folder = &collection.root;
        loop {
            if let Some(request) = folder.requests.first() {
                return request;
            }
            folder = folder.folders.first().expect("a request somewhere");
        }
    }

    fn literal(text: &str) -> Segment {
        Segment::Literal(text.to_string())
    }

    #[test]
    fn url_string_and_url_object_resolve_to_the_same_parts() {
        let (resolved, _) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "item": [
                {"name": "as string", "request": {"url": "https://api.example.com/v2/sites/:id?page=2&tag"}},
                {"name": "as object", "request": {"url": {
                    "protocol": "https", "host": ["api", "example", "com"], "path": ["v2", "sites", ":id"],
                    "query": [{"key": "page", "value": "2"}, {"key": "tag", "value": ""}]
                }}}
            ]
        }));
        let [string, object] = &resolved.root.requests[..] else {
            panic!("two requests")
        };
        for request in [string, object] {
            assert_eq!(request.host.template, "https://api.example.com");
            assert_eq!(request.path[..2], [literal("v2"), literal("sites")]);
            assert!(matches!(&request.path[2], Segment::Variable(v) if v.name == "id"));
            let query: Vec<(&str, Option<&str>)> = request
                .query
                .iter()
                .map(|q| (q.key.as_str(), q.value.as_deref()))
                .collect();
            assert_eq!(query, [("page", Some("2")), ("tag", Some(""))]);
        }
    }

    #[test]
    fn colon_segments_take_the_declared_value_and_description() {
        let (resolved, diagnostics) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "item": [{"name": "Get", "request": {"url": {
                "raw": "{{baseUrl}}/sites/:site_id/plugins/:slug",
                "host": ["{{baseUrl}}"], "path": ["sites", ":site_id", "plugins", ":slug"],
                "variable": [{"key": "site_id", "value": "7", "description": "The site."}]
            }}}]
        }));
        let request = first_request(&resolved);
        assert_eq!(
            request.path[1],
            Segment::Variable(PathVariable {
                name: "site_id".into(),
                example: Some("7".into()),
                description: "The site.".into(),
            })
        );
        assert_eq!(
            request.path[3],
            Segment::Variable(PathVariable {
                name: "slug".into(),
                example: None,
                description: String::new(),
            })
        );
        let warnings: Vec<String> = diagnostics.warnings().map(|w| w.message.clone()).collect();
        assert_eq!(warnings, ["path variable `slug` is not described"]);
    }

    #[test]
    fn variables_are_substituted_and_unknown_ones_become_path_variables() {
        let (resolved, _) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "variable": [
                {"key": "baseUrl", "value": "https://dash.example.com/wp-json/mainwp/v2"},
                {"key": "section", "value": "sites"},
                {"key": "off", "value": "x", "disabled": true}
            ],
            "item": [{"name": "Get", "request": {
                "url": "{{baseUrl}}/{{section}}/{{site}}?q={{section}}&o={{off}}",
                "header": [{"key": "X-Section", "value": "{{section}}"}]
            }}]
        }));
        let request = first_request(&resolved);
        assert_eq!(request.host.template, "{{baseUrl}}");
        assert_eq!(
            request.host.resolved,
            "https://dash.example.com/wp-json/mainwp/v2"
        );
        assert_eq!(request.host.variables, ["baseUrl"]);
        assert_eq!(request.path[0], literal("sites"));
        assert!(matches!(&request.path[1], Segment::Variable(v) if v.name == "site"));
        assert_eq!(request.query[0].value.as_deref(), Some("sites"));
        // A disabled collection variable has no value to give.
        assert_eq!(request.query[1].value.as_deref(), Some("{{off}}"));
        assert_eq!(request.headers[0].value, "sites");
    }

    #[test]
    fn disabled_query_params_stay_marked_and_the_api_key_is_auth() {
        let (resolved, _) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "auth": {"type": "apikey", "apikey": [{"key": "in", "value": "query"}, {"key": "key", "value": "api_key"}]},
            "item": [{"name": "List", "request": {"url": {
                "raw": "https://x.example/list?api_key=1&page=1",
                "host": ["https://x.example"], "path": ["list"],
                "query": [
                    {"key": "api_key", "value": "1"},
                    {"key": "page", "value": "1"},
                    {"key": "status", "value": "active", "disabled": true},
                    {"key": "", "value": "orphan"}
                ]
            }}}]
        }));
        let query: Vec<(&str, bool)> = first_request(&resolved)
            .query
            .iter()
            .map(|q| (q.key.as_str(), q.disabled))
            .collect();
        assert_eq!(query, [("page", false), ("status", true)]);
    }

    #[test]
    fn auth_comes_from_the_request_then_the_nearest_folder_then_the_collection() {
        let bearer = serde_json::json!({"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]});
        let (resolved, _) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "auth": bearer,
            "item": [{
                "name": "Legacy",
                "auth": {"type": "apikey"},
                "item": [
                    {"name": "Inherits", "request": {"url": "https://x.example/a"}},
                    {"name": "Says inherit", "request": {"url": "https://x.example/b", "auth": {"type": "inherit"}}},
                    {"name": "Own", "request": {"url": "https://x.example/c", "auth": {"type": "noauth"}}}
                ]
            }, {"name": "Top", "request": {"url": "https://x.example/d"}}]
        }));
        let kinds: Vec<&str> = resolved.root.folders[0]
            .requests
            .iter()
            .chain(&resolved.root.requests)
            .map(|r| r.auth.as_ref().map_or("", |a| a.kind.as_str()))
            .collect();
        assert_eq!(kinds, ["apikey", "apikey", "noauth", "bearer"]);
        assert_eq!(
            resolved.auth.as_ref().and_then(|a| a.params.get("token")),
            Some(&"{{token}}".to_string()),
            "credentials stay variables"
        );
    }

    #[test]
    fn examples_are_paired_with_the_request_they_were_sent_for() {
        let (resolved, _) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "variable": [{"key": "v", "value": "ten"}],
            "item": [{"name": "Get", "request": {
                "method": "post",
                "url": {"raw": "https://x.example/sites/:id", "host": ["https://x.example"], "path": ["sites", ":id"],
                        "variable": [{"key": "id", "value": "1"}]}
            }, "response": [
                {"name": "Seven", "code": 201,
                 "originalRequest": {"url": {"raw": "https://x.example/sites/7?n={{v}}", "host": ["https://x.example"],
                     "path": ["sites", ":id"], "variable": [{"key": "id", "value": "7"}],
                     "query": [{"key": "n", "value": "{{v}}"}, {"key": "off", "value": "1", "disabled": true}]},
                     "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "{{v}}"}]}},
                 "body": "{\"ok\":true}",
                 "header": [{"key": "Content-Type", "value": "application/json"}]},
                {"name": "No request saved", "body": ""}
            ]}]
        }));
        let request = first_request(&resolved);
        assert_eq!(request.method, "POST");
        let [seven, plain] = &request.examples[..] else {
            panic!("two examples")
        };
        assert_eq!(seven.status, 201);
        assert_eq!(
            seven.path_values,
            [("id".to_string(), Some("7".to_string()))]
        );
        assert_eq!(seven.query, [("n".to_string(), "ten".to_string())]);
        assert_eq!(seven.body.as_deref(), Some(r#"{"a":"ten"}"#));
        assert_eq!(seven.content_type.as_deref(), Some("application/json"));
        // Without a saved request, the example was sent as the request is written.
        assert_eq!(plain.status, 200);
        assert_eq!(
            plain.path_values,
            [("id".to_string(), Some("1".to_string()))]
        );
    }

    #[test]
    fn bodies_are_read_by_their_mode() {
        let (resolved, diagnostics) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "item": [
                {"name": "json with a bare variable", "request": {"url": "https://x.example/a",
                    "body": {"mode": "raw", "raw": "{\"id\": {{id}}, \"name\": \"{{name}}\"}"}}},
                {"name": "text said to be json", "request": {"url": "https://x.example/b",
                    "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": {"mode": "raw", "raw": "not json"}}},
                {"name": "disabled body", "request": {"url": "https://x.example/c",
                    "body": {"mode": "raw", "raw": "{}", "disabled": true}}},
                {"name": "form", "request": {"url": "https://x.example/d",
                    "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file"}, {"key": "t", "value": "1"}]}}}
            ]
        }));
        // Only the two body variables without a value are warned about.
        let warned: Vec<String> = diagnostics.warnings().map(|w| w.to_string()).collect();
        assert_eq!(warned.len(), 2, "{diagnostics}");
        assert!(warned[0].contains("`{{id}}`") && warned[1].contains("`{{name}}`"));
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        let bodies: Vec<Option<&Body>> = resolved
            .root
            .requests
            .iter()
            .map(|r| r.body.as_ref())
            .collect();
        assert_eq!(
            bodies[0],
            Some(&Body::Json(
                serde_json::json!({"id": null, "name": "{{name}}"})
            ))
        );
        assert_eq!(
            bodies[1],
            Some(&Body::Text {
                language: None,
                declared_json: true
            })
        );
        assert_eq!(bodies[2], None);
        let Some(Body::FormData(fields)) = bodies[3] else {
            panic!("a form")
        };
        assert!(fields[0].is_file && !fields[1].is_file);
    }

    #[test]
    fn broken_requests_are_kept_marked_with_each_problem_reported() {
        let (resolved, diagnostics) = resolve_json(serde_json::json!({
            "info": {"name": "t"},
            "item": [{"name": "F", "item": [
                {"name": "no url", "request": {"method": "GET"}},
                {"name": "odd body", "request": {"url": "https://x.example/a", "body": {"mode": "protobuf"}}},
                {"name": "fine", "request": {"url": "https://x.example/b"}}
            ]}]
        }));
        let invalid: Vec<bool> = resolved.root.folders[0]
            .requests
            .iter()
            .map(|r| r.invalid)
            .collect();
        assert_eq!(invalid, [true, true, false]);
        let places: Vec<String> = diagnostics
            .errors()
            .map(|d| d.location.to_string())
            .collect();
        assert_eq!(
            places,
            [
                "request `F / no url` (item[0].item[0].request)",
                "request `F / odd body` (item[0].item[1].request.body.mode)"
            ]
        );
    }

    #[test]
    fn form_keys_take_variable_values_and_a_key_without_one_is_not_sent() {
        let (collection, diagnostics) = resolve_json(serde_json::json!({
            "info": {"name": "T"},
            "variable": [{"key": "resource", "value": "plugins"}],
            "item": [{"name": "Options", "request": {"method": "POST",
                "url": "https://x.example/options",
                "body": {"mode": "urlencoded", "urlencoded": [
                    {"key": "{{resource}}_per_page", "value": "20"},
                    {"key": "{{unknown}}", "value": "1"},
                    {"key": "note", "value": "{{resource}}"}
                ]}}}]
        }));
        let request = first_request(&collection);
        let Some(Body::UrlEncoded(fields)) = &request.body else {
            panic!("a form body: {:?}", request.body);
        };
        let sent: Vec<(&str, Option<&str>)> = fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_deref()))
            .collect();
        assert_eq!(
            sent,
            [("plugins_per_page", Some("20")), ("note", Some("plugins"))]
        );
        let warnings: Vec<String> = diagnostics.warnings().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("request.body.urlencoded[1].key")
                && warnings[0].contains("`{{unknown}}`")
                && warnings[0].contains("not sent"),
            "{warnings:?}"
        );
    }
}
