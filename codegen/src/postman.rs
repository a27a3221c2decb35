//! The Postman collection format (v2.0.0 and v2.1.0) as serde types.
//!
//! This module only describes what a collection file says; it knows nothing of Rust
//! or of the client that will be generated. Every field is optional where Postman
//! exports omit it, unknown fields are ignored, and the places where Postman allows
//! two spellings (a url as a string or an object, a description as a string or an
//! object, ...) accept both, so a real export parses as it is.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::Error;

/// Reads a collection file, naming the file and the JSON path of any error.
pub fn parse_file(path: &Path) -> Result<Collection, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut collection = parse_str(&text, &path.display().to_string())?;
    if collection.info.name.trim().is_empty() {
        collection.info.name = name_from_file(path);
    }
    Ok(collection)
}

/// A collection's name from its file name: `petstore.postman_collection.json` -> `petstore`.
fn name_from_file(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = [".postman_collection.json", ".collection.json", ".json"]
        .iter()
        .find_map(|suffix| file.strip_suffix(suffix))
        .unwrap_or(&file);
    stem.replace(['_', '-', '.'], " ").trim().to_string()
}

/// Parses collection JSON; `origin` names where it came from in error messages.
pub fn parse_str(text: &str, origin: &str) -> Result<Collection, Error> {
    // A plain decode first: tracking the JSON path of every value costs a fifth of the
    // parse, and only an error needs it, so a file that fails is decoded again with it.
    if let Ok(collection) = serde_json::from_str::<Collection>(text) {
        collection.check_version(origin)?;
        return Ok(collection);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let collection: Collection =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            let inner = err.inner();
            match inner.classify() {
                // A malformed file is reported by line and column, which is what a person
                // fixing it by hand needs; well-formed JSON of the wrong shape by JSON path.
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    syntax_error(origin, inner)
                }
                _ => Error::Structure {
                    file: origin.to_string(),
                    path: err.path().to_string(),
                    message: inner.to_string(),
                },
            }
        })?;
    deserializer
        .end()
        .map_err(|err| syntax_error(origin, &err))?;
    collection.check_version(origin)?;
    Ok(collection)
}

fn syntax_error(origin: &str, err: &serde_json::Error) -> Error {
    Error::Syntax {
        file: origin.to_string(),
        line: err.line(),
        column: err.column(),
        message: err.to_string(),
    }
}

/// A whole collection: its info, its tree of items, and what they inherit.
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    /// Absent in some hand-written collections; the name then comes from the file name.
    #[serde(default)]
    pub info: Info,
    #[serde(default)]
    pub item: Vec<Item>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub variable: Vec<Variable>,
}

impl Collection {
    fn check_version(&self, origin: &str) -> Result<(), Error> {
        let schema = self.info.schema.as_deref().unwrap_or_default();
        if schema.is_empty() || schema.contains("v2.0") || schema.contains("v2.1") {
            Ok(())
        } else {
            Err(Error::Structure {
                file: origin.to_string(),
                path: "info.schema".to_string(),
                message: format!(
                    "unsupported collection schema `{schema}` (v2.0.0 and v2.1.0 are supported)"
                ),
            })
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Info {
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "_postman_id")]
    pub postman_id: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub schema: Option<String>,
}

/// A folder (it has `item`) or a request (it has `request`); Postman uses one object
/// for both, so this does too rather than guessing with an untagged enum.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    #[serde(default, deserialize_with = "string_or_number")]
    pub name: String,
    #[serde(default)]
    pub description: Option<Description>,
    /// Present on folders.
    #[serde(default)]
    pub item: Option<Vec<Item>>,
    /// Present on requests.
    #[serde(default, deserialize_with = "optional_string_or_struct")]
    pub request: Option<Request>,
    #[serde(default)]
    pub response: Vec<Response>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub variable: Vec<Variable>,
}

impl Item {
    pub fn is_folder(&self) -> bool {
        self.item.is_some() || self.request.is_none() && self.response.is_empty()
    }
}

/// A request: `"request": "https://..."` is shorthand for a GET of that url.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Request {
    #[serde(default, deserialize_with = "optional_string_or_struct")]
    pub url: Option<Url>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub header: Headers,
    #[serde(default)]
    pub body: Option<Body>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub description: Option<Description>,
}

impl From<String> for Request {
    fn from(raw: String) -> Self {
        Request {
            url: Some(Url::from(raw)),
            ..Request::default()
        }
    }
}

/// A url: either the raw string or Postman's parsed object; both keep `raw`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Url {
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default, deserialize_with = "segments")]
    pub host: Option<Vec<String>>,
    #[serde(default, deserialize_with = "string_or_number_opt")]
    pub port: Option<String>,
    #[serde(default, deserialize_with = "segments")]
    pub path: Option<Vec<String>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub query: Vec<QueryParam>,
    #[serde(default)]
    pub hash: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub variable: Vec<Variable>,
}

impl From<String> for Url {
    fn from(raw: String) -> Self {
        Url {
            raw: Some(raw),
            ..Url::default()
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct QueryParam {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default, deserialize_with = "string_or_number_opt")]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub description: Option<Description>,
}

/// A `variable` entry (collection, folder or url level). Postman allows any JSON value.
#[derive(Debug, Clone, Deserialize)]
pub struct Variable {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub disabled: bool,
}

impl Variable {
    /// The variable's name: `key`, or `id` as older exports spell it.
    pub fn name(&self) -> Option<&str> {
        self.key.as_deref().or(self.id.as_deref())
    }

    /// The value as text, the way Postman substitutes it.
    pub fn value_text(&self) -> Option<String> {
        match self.value.as_ref()? {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// Headers: a list of key/value entries, or (in old exports) one raw text block.
#[derive(Debug, Clone, Default)]
pub struct Headers(pub Vec<Header>);

#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    #[serde(default)]
    pub key: String,
    #[serde(default, deserialize_with = "string_or_number_opt")]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub description: Option<Description>,
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HeadersVisitor;
        impl<'de> Visitor<'de> for HeadersVisitor {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of headers or a header block")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_str<E: de::Error>(self, block: &str) -> Result<Headers, E> {
                let headers = block
                    .lines()
                    .filter_map(|line| line.split_once(':'))
                    .map(|(key, value)| Header {
                        key: key.trim().to_string(),
                        value: Some(value.trim().to_string()),
                        disabled: false,
                        description: None,
                    })
                    .collect();
                Ok(Headers(headers))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Headers, A::Error> {
                Vec::<Header>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Headers)
            }
        }
        deserializer.deserialize_any(HeadersVisitor)
    }
}

/// A request body. `mode` says which of the other fields holds it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub urlencoded: Vec<FormField>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub formdata: Vec<FormField>,
    #[serde(default)]
    pub file: Option<FileBody>,
    #[serde(default)]
    pub graphql: Option<GraphQlBody>,
    #[serde(default)]
    pub options: Option<BodyOptions>,
    #[serde(default)]
    pub disabled: bool,
}

impl Body {
    /// The language of a raw body (`json`, `text`, `xml`, ...), if the export says.
    pub fn raw_language(&self) -> Option<&str> {
        self.options.as_ref()?.raw.as_ref()?.language.as_deref()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct FormField {
    #[serde(default)]
    pub key: String,
    #[serde(default, deserialize_with = "string_or_number_opt")]
    pub value: Option<String>,
    /// `text` or `file`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub src: Option<serde_json::Value>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default, rename = "contentType")]
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FileBody {
    #[serde(default)]
    pub src: Option<serde_json::Value>,
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GraphQlBody {
    #[serde(default)]
    pub query: Option<String>,
    /// A JSON text in exports; some tools write an object.
    #[serde(default)]
    pub variables: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BodyOptions {
    #[serde(default)]
    pub raw: Option<RawOptions>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawOptions {
    #[serde(default)]
    pub language: Option<String>,
}

/// Auth of any Postman type. v2.1 lists each type's settings as `[{key, value}]`,
/// v2.0 as an object; both are read into one map.
#[derive(Debug, Clone)]
pub struct Auth {
    pub kind: String,
    pub params: BTreeMap<String, String>,
}

impl<'de> Deserialize<'de> for Auth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
        let kind = match object.remove("type") {
            Some(serde_json::Value::String(kind)) => kind,
            Some(other) => {
                return Err(de::Error::custom(format!(
                    "auth type must be a string, found {other}"
                )))
            }
            None => return Err(de::Error::missing_field("type")),
        };
        let mut params = BTreeMap::new();
        if let Some(settings) = object.remove(&kind) {
            match settings {
                serde_json::Value::Array(entries) => {
                    for entry in entries {
                        let key = entry.get("key").and_then(|k| k.as_str());
                        if let Some(key) = key {
                            params.insert(key.to_string(), json_text(entry.get("value")));
                        }
                    }
                }
                serde_json::Value::Object(entries) => {
                    for (key, value) in entries {
                        params.insert(key, json_text(Some(&value)));
                    }
                }
                _ => {}
            }
        }
        Ok(Auth { kind, params })
    }
}

fn json_text(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A saved example: the request as it was sent and the answer it got.
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default, deserialize_with = "string_or_number")]
    pub name: String,
    #[serde(
        default,
        rename = "originalRequest",
        deserialize_with = "optional_string_or_struct"
    )]
    pub original_request: Option<Request>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub header: Headers,
    #[serde(default)]
    pub body: Option<String>,
}

impl Response {
    /// The example's Content-Type header, if it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.header
            .0
            .iter()
            .find(|h| h.key.eq_ignore_ascii_case("content-type"))
            .and_then(|h| h.value.as_deref())
    }
}

/// A description: plain text, or `{content, type}` with a mime type.
#[derive(Debug, Clone, Default)]
pub struct Description(pub String);

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Object {
            #[serde(default)]
            content: Option<String>,
        }
        struct DescriptionVisitor;
        impl<'de> Visitor<'de> for DescriptionVisitor {
            type Value = Description;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a description string or {content, type}")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Description, E> {
                Ok(Description(text.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Description, E> {
                Ok(Description::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Description, A::Error> {
                let object = Object::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Description(object.content.unwrap_or_default()))
            }
        }
        deserializer.deserialize_any(DescriptionVisitor)
    }
}

/// Accepts `"text"` or `{...}` for types that have a string shorthand.
fn optional_string_or_struct<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de> + From<String>,
    D: Deserializer<'de>,
{
    struct StringOrStruct<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de> + From<String>> Visitor<'de> for StringOrStruct<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or an object")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
            Ok(Some(T::from(text.to_string())))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    deserializer.deserialize_any(StringOrStruct(PhantomData))
}

/// Host and path: `"a.b/c"` or `["a", "b"]`, where an entry may also be `{value}`.
fn segments<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Segment {
        Text(String),
        Number(serde_json::Number),
        Object {
            #[serde(default)]
            value: Option<String>,
        },
    }
    struct SegmentsVisitor;
    impl<'de> Visitor<'de> for SegmentsVisitor {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a list of segments")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            // A string host is dotted, a string path is slashed; callers split by kind,
            // so keep the text whole here.
            Ok(Some(vec![text.to_string()]))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(segment) = seq.next_element::<Segment>()? {
                out.push(match segment {
                    Segment::Text(text) => text,
                    Segment::Number(n) => n.to_string(),
                    Segment::Object { value } => value.unwrap_or_default(),
                });
            }
            Ok(Some(out))
        }
    }
    deserializer.deserialize_any(SegmentsVisitor)
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(string_or_number_opt(deserializer)?.unwrap_or_default())
}

/// Values Postman writes as strings but hand-written collections often leave as numbers or bools.
fn string_or_number_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match Option::<serde_json::Value>::deserialize(deserializer)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(serde_json::Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(de::Error::invalid_type(
            match other {
                serde_json::Value::Array(_) => de::Unexpected::Seq,
                _ => de::Unexpected::Map,
            },
            &"a string or a number",
        )),
    }
}
