//! Request bodies: their encoding, their type (inferred from every body sent) and the
//! setters the builder offers for their fields.

use serde_json::Value;

use super::{is_integer, Lowering};
use crate::diagnostics::{Kind, Location};
use crate::infer::{NameHint, Shape};
use crate::ir::*;
use crate::naming::NameSet;
use crate::resolve;

impl Lowering<'_> {
    pub(super) fn body(
        &mut self,
        request: &resolve::Request,
        builder: &str,
        params: &mut NameSet,
        location: &Location,
    ) -> Option<RequestBody> {
        let body = request.body.as_ref()?;
        let sent = &request.sent_bodies;
        let hint = NameHint::kept(format!("{builder}Body"));
        let (encoding, shape) = match body {
            resolve::Body::Json(value) => {
                let mut shape = Shape::of(value);
                // The body type learns from every body the examples sent, not just the request's.
                for other in sent {
                    if let resolve::Body::Json(other) = other {
                        shape.merge(&Shape::of(other));
                    }
                }
                (BodyEncoding::Json, shape)
            }
            resolve::Body::Text {
                declared_json: true,
                ..
            } => {
                self.diagnostics.warning(
                    Kind::Body,
                    location.at("request.body.raw"),
                    "the raw JSON body does not parse; it is typed as any JSON",
                );
                (BodyEncoding::Json, Shape::default())
            }
            resolve::Body::Text { language, .. } => {
                let content_type = match language.as_deref() {
                    Some("xml") => "application/xml",
                    Some("html") => "text/html",
                    Some("javascript") => "application/javascript",
                    _ => "text/plain",
                };
                return Some(RequestBody {
                    encoding: BodyEncoding::Text {
                        content_type: content_type.to_string(),
                    },
                    ty: TypeRef::String,
                    setters: Vec::new(),
                    empty_object: false,
                });
            }
            resolve::Body::UrlEncoded(fields) => {
                let mut shape = form_shape(fields, false);
                for other in sent {
                    if let resolve::Body::UrlEncoded(other) = other {
                        shape.merge(&form_shape(other, false));
                    }
                }
                (BodyEncoding::Form, shape)
            }
            resolve::Body::FormData(fields) => {
                let mut shape = form_shape(fields, true);
                for other in sent {
                    if let resolve::Body::FormData(other) = other {
                        shape.merge(&form_shape(other, true));
                    }
                }
                (BodyEncoding::Multipart, shape)
            }
            resolve::Body::File => {
                return Some(RequestBody {
                    encoding: BodyEncoding::Binary,
                    ty: TypeRef::Bytes,
                    setters: Vec::new(),
                    empty_object: false,
                })
            }
            resolve::Body::GraphQl(value) => (BodyEncoding::GraphQl, Shape::of(value)),
        };
        let is_form = matches!(encoding, BodyEncoding::Form | BodyEncoding::Multipart);
        let members = shape.object.as_ref().filter(|_| !shape.null);
        if is_form && members.is_none_or(|o| o.fields.is_empty()) {
            // A form without a single named field sends nothing.
            return None;
        }
        if encoding == BodyEncoding::Json && members.is_some_and(|o| o.fields.is_empty()) {
            // Every request sends `{}`: nothing for the caller to give, but the server
            // gets what the collection sends.
            return Some(RequestBody {
                encoding,
                ty: TypeRef::Json,
                setters: Vec::new(),
                empty_object: true,
            });
        }
        let field_names: Vec<&str> = members
            .map(|o| o.fields.iter().map(|(name, _)| name.as_str()).collect())
            .unwrap_or_default();
        let required = required_fields(&request.description, &field_names);
        let doc = TypeDoc::BodyOf(builder.to_string());
        let ty = if is_form {
            self.types.form_type(&shape, &hint, doc, &required)
        } else {
            self.types.request_type(&shape, &hint, doc, &required)
        };
        let setters = match &ty {
            TypeRef::Named(name) => self.body_setters(name, params),
            _ => Vec::new(),
        };
        Some(RequestBody {
            encoding,
            ty,
            setters,
            empty_object: false,
        })
    }

    fn body_setters(&mut self, type_name: &str, params: &mut NameSet) -> Vec<BodySetter> {
        let Some(TypeKind::Struct(body)) = self.types.resolve(type_name).map(|d| &d.kind) else {
            return Vec::new();
        };
        body.fields
            .iter()
            .map(|field| BodySetter {
                method: params.claim(&field.ident),
                field: field.ident.clone(),
                ty: match &field.ty {
                    TypeRef::Option(inner) => (**inner).clone(),
                    other => other.clone(),
                },
                required: field.required,
            })
            .collect()
    }
}

/// The body fields a request's description names as required, among `fields`:
/// "`url` and `admin` are required", "only `name` is required",
/// "Required: `name`, `price` (a number), ...". Names inside parentheses are values
/// of the field before them, not fields.
fn required_fields(description: &str, fields: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for clause in description.split(['.', ';', '\n']) {
        let lower = clause.to_ascii_lowercase();
        let Some(at) = lower.find("required") else {
            continue;
        };
        if lower.contains("not required") {
            continue;
        }
        let trimmed = lower.trim_start();
        let part = if trimmed.starts_with("required") {
            &clause[at + "required".len()..]
        } else {
            &clause[..at]
        };
        for name in backticked(&without_parentheses(part)) {
            if fields.contains(&name.as_str()) && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// `text` without what parentheses enclose.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// The names written between backticks.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The shape of a form body: text fields typed from their values, file fields as bytes.
fn form_shape(fields: &[resolve::FormField], multipart: bool) -> Shape {
    let mut object = serde_json::Map::new();
    let mut files: Vec<String> = Vec::new();
    for field in fields.iter().filter(|f| !f.key.is_empty()) {
        if multipart && field.is_file {
            if !files.contains(&field.key) {
                files.push(field.key.clone());
            }
            continue;
        }
        let text = field.value.clone().unwrap_or_default();
        let value = match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            t if is_integer(t) && !t.starts_with('0') || t == "0" => t
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(text.clone())),
            _ => Value::String(text.clone()),
        };
        object.insert(field.key.clone(), value);
    }
    // A key given as text and as a file is one field (text, as typed): a struct
    // cannot have two members of one name.
    files.retain(|name| !object.contains_key(name));
    let mut shape = Shape::of(&Value::Object(object));
    if let Some(members) = shape.object.as_mut() {
        for name in files {
            // Files are bytes: a shape of its own that only the form emitter reads.
            members.fields.push((name, Shape::file()));
            members.presence.push(1);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::required_fields;

    #[test]
    fn required_fields_are_read_from_the_description_and_values_in_parentheses_are_not() {
        let fields = ["name", "color", "price", "payment_type", "url", "admin"];
        assert_eq!(
            required_fields(
                "Creates a tag; `name` is required and `color` is an optional hex colour.",
                &fields
            ),
            ["name"]
        );
        assert_eq!(
            required_fields(
                "Adds a site: `url` and `admin` are required; `name` is not.",
                &fields
            ),
            ["url", "admin"]
        );
        assert_eq!(
            required_fields(
                "Required: `name`, `price`, `payment_type` (`subscription` or `url`).",
                &fields
            ),
            ["name", "price", "payment_type"]
        );
        assert!(required_fields("Renames a tag or changes its `color`.", &fields).is_empty());
    }
}
