//! Members that carry JSON inside a string, kept as sent and decoded on demand.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//!
//! WordPress plugins store lists in the database as JSON text and some answers hand
//! that text on as it is: MainWP's site records send `"plugins":
//! "[{\"name\":\"Akismet\",...}]"`, a string whose content is a JSON array. A plain
//! `String` would unescape every such member of every record on each decode, and leave
//! the caller to parse it again without types. [`JsonText`] keeps the member's bytes
//! as they arrived (serde_json's `RawValue`: scanned, not unescaped) and decodes them
//! into the inferred type only when [`JsonText::decode`] is called.
//!
//! What the server may send in such a member, and what [`JsonText::decode`] makes of it:
//!
//! * a string holding JSON (`"[{...}]"`, `"{...}"`): its content, decoded;
//! * the array or object itself, not wrapped in a string: decoded the same way;
//! * `""` (or blanks), `"null"` or `null`: no value, which the target type reads as
//!   the runtime's lenient decoders do: an empty list, an empty map, `None`;
//! * `[]` for a map (PHP's empty array): an empty map; an object for a list: its values.
//!
//! The member is deserialized through serde_json's raw value, which needs a
//! `serde_json` deserializer (`from_slice`, `from_str`, `from_value`, or one wrapping
//! them, such as `serde_path_to_error`'s); a deserializer that buffers the value first
//! (an untagged enum, a flattened struct holding it) cannot give the raw text.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use super::lenient::{Decode, Json, List, Map, Opt, Same};

/// A member whose value is JSON text (usually a string holding a JSON array or
/// object), kept exactly as the server sent it and decoded into `T` on demand.
///
/// Decoding an answer only checks that the member is well-formed JSON; call
/// [`JsonText::decode`] for the typed value, [`JsonText::text`] for the JSON text it
/// carries, [`JsonText::raw`] for the member as sent. Two values are equal when they
/// were sent alike, byte for byte.
pub struct JsonText<T> {
    raw: Box<RawValue>,
    content: PhantomData<fn() -> T>,
}

/// The types a [`JsonText`] decodes into: lists, maps, optional values and any JSON,
/// each read as leniently as the runtime reads answer members (see the module docs).
pub trait JsonTextContent: Sized {
    /// Decodes the JSON text's value.
    fn decode_content<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

impl<T: DeserializeOwned> JsonTextContent for Vec<T> {
    fn decode_content<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <List<Same> as Decode<Vec<T>>>::decode(d)
    }
}

impl<T: DeserializeOwned> JsonTextContent for BTreeMap<String, T> {
    fn decode_content<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Map<Same> as Decode<BTreeMap<String, T>>>::decode(d)
    }
}

impl<T: DeserializeOwned> JsonTextContent for Option<T> {
    fn decode_content<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Opt<Same> as Decode<Option<T>>>::decode(d)
    }
}

impl JsonTextContent for serde_json::Value {
    fn decode_content<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Json as Decode<serde_json::Value>>::decode(d)
    }
}

/// Why [`JsonText::decode`] failed: where inside the JSON text, and what was wrong.
#[derive(Debug, thiserror::Error)]
#[error("JSON text does not decode at {path}: {source}")]
pub struct JsonTextError {
    path: String,
    #[source]
    source: serde_json::Error,
}

impl JsonTextError {
    /// The JSON path inside the text where decoding stopped (`[3].name`; `.` for the
    /// text as a whole).
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Drives [`JsonTextContent`] from serde's `Deserialize`, for the path tracker.
struct Content<T>(T);

impl<'de, T: JsonTextContent> Deserialize<'de> for Content<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::decode_content(d).map(Content)
    }
}

impl<T> JsonText<T> {
    /// A value from a member as sent.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        JsonText {
            raw,
            content: PhantomData,
        }
    }

    /// `value` as the server sends it: JSON text inside a string.
    pub fn encode(value: &T) -> Result<Self, serde_json::Error>
    where
        T: Serialize,
    {
        let text = serde_json::to_string(value)?;
        serde_json::value::to_raw_value(&text).map(Self::from_raw)
    }

    /// The member exactly as sent: a JSON string literal with its escapes
    /// (`"[{\"name\":...}]"`), or the array or object itself.
    pub fn raw(&self) -> &str {
        self.raw.get()
    }

    /// Whether the member was sent as a string (the usual way), rather than as the
    /// JSON value itself.
    pub fn is_string(&self) -> bool {
        self.raw.get().starts_with('"')
    }

    /// The JSON text the member carries: a string's content, unescaped, or the member
    /// itself when it was sent as an array or object.
    pub fn text(&self) -> Cow<'_, str> {
        let raw = self.raw.get();
        if !self.is_string() {
            return Cow::Borrowed(raw);
        }
        // A string without escapes borrows; one with escapes is unescaped into a copy.
        match serde_json::from_str::<&str>(raw) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default()),
        }
    }

    /// The typed value the text holds. Fails with the JSON path inside the text where
    /// the content does not fit `T`, or where it is not JSON at all.
    pub fn decode(&self) -> Result<T, JsonTextError>
    where
        T: JsonTextContent,
    {
        let text = self.text();
        // Blanks mean no value, as `null` does: the content type says what that is.
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &*text
        };
        // Plain decode first; the path is worked out only for the error.
        let plain = match serde_json::from_str::<Content<T>>(text) {
            Ok(Content(value)) => return Ok(value),
            Err(error) => error,
        };
        let mut de = serde_json::Deserializer::from_str(text);
        Err(
            match serde_path_to_error::deserialize::<_, Content<T>>(&mut de) {
                Err(error) => JsonTextError {
                    path: error.path().to_string(),
                    source: error.into_inner(),
                },
                // The value fits; what failed comes after it (trailing characters).
                Ok(_) => JsonTextError {
                    path: ".".to_string(),
                    source: plain,
                },
            },
        )
    }
}

impl<T> Clone for JsonText<T> {
    fn clone(&self) -> Self {
        JsonText::from_raw(self.raw.clone())
    }
}

impl<T> PartialEq for JsonText<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl<T> Eq for JsonText<T> {}

impl<T> fmt::Debug for JsonText<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonText({})", self.raw.get())
    }
}

impl<'de, T> Deserialize<'de> for JsonText<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(JsonText::from_raw)
    }
}

/// Writes the member back exactly as it was received.
impl<T> Serialize for JsonText<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::super::lenient;
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Plugin {
        name: String,
        #[serde(deserialize_with = "lenient::decode::<_, _, lenient::Flag>")]
        active: bool,
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Site {
        id: u32,
        plugins: JsonText<Vec<Plugin>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        themes: Option<JsonText<Vec<serde_json::Value>>>,
    }

    /// A site as the server sends it: `plugins` a string holding a JSON array, with the
    /// escaped slashes and quotes PHP's `json_encode` writes.
    const SITE: &str = r#"{"id":1,"plugins":"[{\"name\":\"Akismet \\\"Anti-Spam\\\"\",\"slug\":\"akismet\\/akismet.php\",\"active\":1},{\"name\":\"MainWP Child\",\"active\":\"0\"}]"}"#;

    fn plugin(name: &str, active: bool) -> Plugin {
        Plugin {
            name: name.to_string(),
            active,
        }
    }

    #[test]
    fn keeps_the_member_as_sent_and_gives_its_text_unescaped() {
        let site: Site = serde_json::from_str(SITE).expect("decodes");
        let raw = site.plugins.raw();
        assert!(SITE.contains(&format!(r#""plugins":{raw}}}"#)), "{raw}");
        assert!(site.plugins.is_string());
        assert_eq!(
            site.plugins.text(),
            r#"[{"name":"Akismet \"Anti-Spam\"","slug":"akismet\/akismet.php","active":1},{"name":"MainWP Child","active":"0"}]"#
        );
        assert_eq!(site.themes, None);
    }

    #[test]
    fn decodes_the_text_into_the_typed_value_on_demand() {
        let site: Site = serde_json::from_str(SITE).expect("decodes");
        assert_eq!(
            site.plugins.decode().expect("plugins"),
            vec![
                plugin("Akismet \"Anti-Spam\"", true),
                plugin("MainWP Child", false)
            ]
        );
    }

    #[test]
    fn takes_the_array_itself_where_the_server_sends_no_string() {
        let body = r#"{"id":1,"plugins":[{"name":"Akismet","active":true}]}"#;
        let site: Site = serde_json::from_str(body).expect("decodes");
        assert!(!site.plugins.is_string());
        assert_eq!(site.plugins.raw(), r#"[{"name":"Akismet","active":true}]"#);
        assert_eq!(site.plugins.text(), site.plugins.raw());
        assert_eq!(
            site.plugins.decode().expect("plugins"),
            vec![plugin("Akismet", true)]
        );
    }

    #[test]
    fn empty_text_null_and_empty_arrays_decode_as_nothing() {
        for member in [
            r#""""#,
            r#"" ""#,
            "null",
            r#""null""#,
            "[]",
            r#""[]""#,
            "{}",
        ] {
            let body = format!(r#"{{"id":1,"plugins":{member}}}"#);
            let site: Site = serde_json::from_str(&body).expect("decodes");
            assert_eq!(site.plugins.decode().expect(member), vec![], "{member}");
            let map: JsonText<BTreeMap<String, Plugin>> =
                serde_json::from_str(member).expect("decodes");
            assert_eq!(map.decode().expect(member), BTreeMap::new(), "{member}");
            let one: JsonText<Option<Plugin>> = serde_json::from_str(member).expect("decodes");
            assert_eq!(one.decode().expect(member), None, "{member}");
        }
    }

    #[test]
    fn a_map_sent_as_an_object_in_text_decodes_by_key() {
        let member = r#""{\"akismet\\/akismet.php\":{\"name\":\"Akismet\",\"active\":\"1\"}}""#;
        let map: JsonText<BTreeMap<String, Plugin>> =
            serde_json::from_str(member).expect("decodes");
        let decoded = map.decode().expect("map");
        assert_eq!(decoded["akismet/akismet.php"], plugin("Akismet", true));
    }

    #[test]
    fn a_single_record_in_text_decodes_as_some_and_reports_its_paths() {
        let member = r#""{\"name\":\"Hello Dolly\",\"active\":\"1\"}""#;
        let one: JsonText<Option<Plugin>> = serde_json::from_str(member).expect("decodes");
        assert_eq!(
            one.decode().expect("one"),
            Some(plugin("Hello Dolly", true))
        );
        let member = r#""{\"name\":\"Hello Dolly\",\"active\":\"often\"}""#;
        let one: JsonText<Option<Plugin>> = serde_json::from_str(member).expect("decodes");
        assert_eq!(one.decode().expect_err("no flag").path(), "active");
    }

    #[test]
    fn a_decode_error_names_the_path_inside_the_text() {
        let member = r#""[{\"name\":\"a\",\"active\":1},{\"name\":\"b\",\"active\":\"maybe\"}]""#;
        let text: JsonText<Vec<Plugin>> = serde_json::from_str(member).expect("decodes");
        let error = text.decode().expect_err("`maybe` is no flag");
        assert_eq!(error.path(), "[1].active");
        assert!(error.to_string().contains("[1].active"), "{error}");
        assert!(error.to_string().contains("maybe"), "{error}");
    }

    #[test]
    fn text_that_is_not_json_fails_to_decode_not_to_deserialize() {
        let text: JsonText<Vec<Plugin>> =
            serde_json::from_str(r#""Akismet, MainWP Child""#).expect("any member is kept");
        let error = text.decode().expect_err("not JSON");
        assert!(error.to_string().contains("expected value"), "{error}");
        let trailing: JsonText<Vec<Plugin>> =
            serde_json::from_str(r#""[] []""#).expect("any member is kept");
        let error = trailing.decode().expect_err("two values");
        assert!(error.to_string().contains("trailing"), "{error}");
    }

    #[test]
    fn serializes_back_exactly_as_received() {
        let site: Site = serde_json::from_str(SITE).expect("decodes");
        assert_eq!(serde_json::to_string(&site).expect("serializes"), SITE);
    }

    #[test]
    fn encode_writes_the_value_as_text_in_a_string() {
        let value = vec![plugin("a/b \"c\"", true)];
        let text = JsonText::encode(&value).expect("encodes");
        assert!(text.is_string());
        assert_eq!(text.text(), r#"[{"name":"a/b \"c\"","active":true}]"#);
        assert_eq!(text.decode().expect("decodes"), value);
    }

    #[test]
    fn works_through_path_tracking_flattened_extras_values_and_lenient_lists() {
        // Path tracking on the outer decode, as the client does on failure.
        let mut de = serde_json::Deserializer::from_str(SITE);
        let site: Site = serde_path_to_error::deserialize(&mut de).expect("decodes");
        assert_eq!(site.plugins.decode().expect("plugins").len(), 2);

        // A struct with `#[serde(flatten)] extra`, as generated answers have.
        #[derive(Deserialize)]
        struct WithExtra {
            plugins: JsonText<Vec<Plugin>>,
            #[serde(flatten)]
            extra: BTreeMap<String, serde_json::Value>,
        }
        let with_extra: WithExtra = serde_json::from_str(SITE).expect("decodes");
        assert_eq!(with_extra.plugins.raw(), site.plugins.raw());
        assert_eq!(with_extra.extra.keys().collect::<Vec<_>>(), ["id"]);

        // From a `Value` (the catalog checks answers that way).
        let value: serde_json::Value = serde_json::from_str(SITE).expect("JSON");
        let from_value: Site = serde_json::from_value(value).expect("decodes");
        assert_eq!(from_value.plugins.decode().expect("plugins").len(), 2);

        // Inside the lenient list adapter (a list sent as an object keyed by id).
        let keyed = format!(r#"{{"7":{SITE}}}"#);
        let mut de = serde_json::Deserializer::from_str(&keyed);
        let sites: Vec<Site> =
            lenient::decode::<_, _, lenient::List<lenient::Same>>(&mut de).expect("decodes");
        assert_eq!(sites[0].plugins, site.plugins);

        // Optional: absent and `null` are `None`, anything else is kept.
        let themes: Site =
            serde_json::from_str(r#"{"id":1,"plugins":"[]","themes":null}"#).expect("decodes");
        assert_eq!(themes.themes, None);
        let themes: Site =
            serde_json::from_str(r#"{"id":1,"plugins":"[]","themes":"[1]"}"#).expect("decodes");
        assert_eq!(
            themes.themes.expect("kept").decode().expect("themes"),
            vec![serde_json::json!(1)]
        );
    }
}
