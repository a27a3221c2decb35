//! Rust types from example JSON.
//!
//! Postman has no schemas, only examples, so types are inferred in two steps: every
//! example of a shape is folded into a [`Shape`] (what kinds of values were seen where,
//! how often), then [`TypeBuilder`] turns shapes into [`TypeRef`]s and named structs,
//! sharing one struct between identical shapes. WordPress is lenient in what it sends
//! (numbers as strings, `"0"`/`"1"` flags, `[]` for an empty object), so the types
//! are chosen to be decoded leniently; the runtime's `lenient` module does the rest.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ir::{Evidence, Field, Struct, TypeDef, TypeDoc, TypeKind, TypeRef, TypeRule};
use crate::naming::{singular, snake_ident, type_ident, NameSet};

mod entities;

pub use entities::Entities;

/// Everything seen at one place of the examples, merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// How many values were merged in.
    pub seen: u32,
    pub null: bool,
    pub bool: bool,
    /// JSON integers, and whether all were 0 or 1.
    pub int: bool,
    pub int_flag_only: bool,
    pub float: bool,
    /// Strings holding an integer / a decimal number.
    pub int_text: bool,
    pub float_text: bool,
    /// Strings "0" and "1" only (with `int_text` set too).
    pub flag_text_only: bool,
    pub empty_text: bool,
    /// Other strings.
    pub text: bool,
    /// All of the other strings look like dates (`2026-11-01`, `2026-11-01 00:00:00`).
    pub date_text_only: bool,
    /// All of the other strings hold JSON text of an array or object (`"[{...}]"`).
    pub json_text_only: bool,
    /// What those JSON texts hold, parsed and merged.
    pub json_text: Option<Box<Shape>>,
    /// `[]` was seen (PHP writes an empty map that way).
    pub empty_array: bool,
    /// Items of every non-empty array, merged.
    pub array: Option<Box<Shape>>,
    pub object: Option<ObjectShape>,
    /// A file upload (multipart forms only).
    pub file: bool,
    /// A few scalar values, for docs.
    pub example: Option<Value>,
}

/// Members of every object seen at one place, merged in first-seen order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectShape {
    /// How many objects were merged.
    pub count: u32,
    pub fields: Vec<(String, Shape)>,
    /// How many of the merged objects had each member (same order as `fields`).
    pub presence: Vec<u32>,
}

impl Shape {
    /// The shape of one JSON value.
    pub fn of(value: &Value) -> Shape {
        let mut shape = Shape::default();
        shape.add(value);
        shape
    }

    /// The shape of a file part of a multipart form.
    pub fn file() -> Shape {
        Shape {
            seen: 1,
            file: true,
            ..Shape::default()
        }
    }

    /// Folds one more value into the shape.
    pub fn add(&mut self, value: &Value) {
        let first = self.seen == 0;
        self.seen += 1;
        match value {
            Value::Null => self.null = true,
            Value::Bool(_) => self.bool = true,
            Value::Number(n) => {
                if n.is_f64() {
                    self.float = true;
                } else {
                    let is_flag = matches!(n.as_i64(), Some(0 | 1));
                    self.int_flag_only = if self.int {
                        self.int_flag_only && is_flag
                    } else {
                        is_flag
                    };
                    self.int = true;
                }
            }
            Value::String(s) => {
                let trimmed = s.trim();
                if trimmed.is_empty() {
                    self.empty_text = true;
                } else if is_int_text(trimmed) {
                    let is_flag = trimmed == "0" || trimmed == "1";
                    self.flag_text_only = if self.int_text {
                        self.flag_text_only && is_flag
                    } else {
                        is_flag
                    };
                    self.int_text = true;
                } else if trimmed.parse::<f64>().is_ok()
                    && trimmed
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
                {
                    self.float_text = true;
                } else {
                    let is_date = looks_like_date(trimmed);
                    self.date_text_only = if self.text {
                        self.date_text_only && is_date
                    } else {
                        is_date
                    };
                    let json = json_text_value(trimmed);
                    self.json_text_only = if self.text {
                        self.json_text_only && json.is_some()
                    } else {
                        json.is_some()
                    };
                    if let Some(json) = json {
                        self.json_text
                            .get_or_insert_with(Default::default)
                            .add(&json);
                    }
                    self.text = true;
                }
            }
            Value::Array(items) => {
                if items.is_empty() {
                    self.empty_array = true;
                } else {
                    let merged = self.array.get_or_insert_with(Default::default);
                    for item in items {
                        merged.add(item);
                    }
                }
            }
            Value::Object(members) => {
                let object = self.object.get_or_insert_with(Default::default);
                object.count += 1;
                for (key, member) in members {
                    match object.fields.iter().position(|(name, _)| name == key) {
                        Some(index) => {
                            object.fields[index].1.add(member);
                            object.presence[index] += 1;
                        }
                        None => {
                            object.fields.push((key.clone(), Shape::of(member)));
                            object.presence.push(1);
                        }
                    }
                }
            }
        }
        if self.example.is_none() || first {
            if let Some(text) = scalar_example(value) {
                self.example = Some(text);
            }
        }
    }

    /// Merges another shape of the same place into this one.
    pub fn merge(&mut self, other: &Shape) {
        if other.seen == 0 {
            return;
        }
        if self.seen == 0 {
            *self = other.clone();
            return;
        }
        self.seen += other.seen;
        self.null |= other.null;
        self.bool |= other.bool;
        self.int_flag_only =
            merge_only(self.int, self.int_flag_only, other.int, other.int_flag_only);
        self.int |= other.int;
        self.float |= other.float;
        self.flag_text_only = merge_only(
            self.int_text,
            self.flag_text_only,
            other.int_text,
            other.flag_text_only,
        );
        self.int_text |= other.int_text;
        self.float_text |= other.float_text;
        self.empty_text |= other.empty_text;
        self.date_text_only = merge_only(
            self.text,
            self.date_text_only,
            other.text,
            other.date_text_only,
        );
        self.json_text_only = merge_only(
            self.text,
            self.json_text_only,
            other.text,
            other.json_text_only,
        );
        match (&mut self.json_text, &other.json_text) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, Some(theirs)) => self.json_text = Some(theirs.clone()),
            _ => {}
        }
        self.text |= other.text;
        self.empty_array |= other.empty_array;
        self.file |= other.file;
        match (&mut self.array, &other.array) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, Some(theirs)) => self.array = Some(theirs.clone()),
            _ => {}
        }
        match (&mut self.object, &other.object) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, Some(theirs)) => self.object = Some(theirs.clone()),
            _ => {}
        }
        if self.example.is_none() {
            self.example.clone_from(&other.example);
        }
    }

    pub fn has_scalar(&self) -> bool {
        self.bool || self.int || self.float || self.int_text || self.float_text || self.text
    }

    /// A place that is a list in some examples and an object in others: the items of
    /// both merged, when the object is keyed by id (the lenient list decoder takes an
    /// object's values, so a list of the merged item type fits both).
    fn list_or_keyed_items(&self) -> Option<Shape> {
        let (object, items) = (self.object.as_ref()?, self.array.as_ref()?);
        let mut merged = (**items).clone();
        for (_, value) in &object.fields {
            merged.merge(value);
        }
        (object.is_map() || merged.object.is_some()).then_some(merged)
    }

    /// What the texts here hold, when every text is JSON of an array or object and
    /// nothing but texts (and `""`, `null`) was seen: the place is JSON text.
    pub fn json_text_content(&self) -> Option<&Shape> {
        let only_texts = self.text
            && self.json_text_only
            && !self.bool
            && !self.int
            && !self.float
            && !self.int_text
            && !self.float_text
            && !self.empty_array
            && self.array.is_none()
            && self.object.is_none()
            && !self.file;
        self.json_text.as_deref().filter(|_| only_texts)
    }

    /// The kinds of value seen here, for the evidence of a field's type.
    pub fn kinds(&self) -> Vec<&'static str> {
        let flags = [
            (self.null, "null"),
            (self.bool, "bool"),
            (self.int && self.int_flag_only, "0/1"),
            (self.int && !self.int_flag_only, "int"),
            (self.float, "decimal"),
            (self.int_text && self.flag_text_only, "\"0\"/\"1\""),
            (self.int_text && !self.flag_text_only, "numeric text"),
            (self.float_text, "decimal text"),
            (self.empty_text, "\"\""),
            (self.text && self.json_text_only, "JSON text"),
            (self.text && !self.json_text_only, "text"),
            (self.empty_array, "[]"),
            (self.array.is_some(), "list"),
            (self.object.is_some(), "object"),
            (self.file, "file"),
        ];
        flags
            .iter()
            .filter(|(seen, _)| *seen)
            .map(|(_, kind)| *kind)
            .collect()
    }
}

impl ObjectShape {
    fn merge(&mut self, other: &ObjectShape) {
        self.count += other.count;
        for ((key, shape), present) in other.fields.iter().zip(&other.presence) {
            match self.fields.iter().position(|(name, _)| name == key) {
                Some(index) => {
                    self.fields[index].1.merge(shape);
                    self.presence[index] += present;
                }
                None => {
                    self.fields.push((key.clone(), shape.clone()));
                    self.presence.push(*present);
                }
            }
        }
    }

    /// Whether the keys are data (ids, urls, slugs) rather than field names, in which
    /// case the object is a map, not a struct with fields named `_123`.
    fn is_map(&self) -> bool {
        if self.fields.is_empty() {
            return false;
        }
        let keys_are_data = self.fields.iter().all(|(key, _)| key_is_data(key));
        if keys_are_data {
            return true;
        }
        // Keys the server made from the values: `{"seed-card": "Seed Card"}`,
        // `{"domain": {"title": "Domain", ...}}` (a title turned into a slug). One key
        // is enough evidence when it has the slug's hyphen.
        let keys_are_slugs = self
            .fields
            .iter()
            .all(|(key, shape)| key_is_slug_of_value(key, shape));
        if keys_are_slugs && (self.fields.len() >= 2 || self.fields[0].0.contains('-')) {
            return true;
        }
        // WordPress post meta: `{"_edit_lock": ["1796180650:1"], "rating": ["5"]}`, every
        // value a list of strings and at least one key with the leading underscore of
        // protected meta.
        let meta_keys = self
            .fields
            .iter()
            .any(|(key, _)| key.len() > 1 && key.starts_with('_'));
        if meta_keys && self.fields.iter().all(|(_, shape)| is_scalar_list(shape)) {
            return true;
        }
        // Members that are all objects sharing most of their fields read as entries keyed
        // by name (`{"cloudways": {...}, "gridpane": {...}}`, `{"twentytwentythree": {...}}`):
        // three or more of them, or two that do not appear in every example (the keys
        // change from answer to answer, as data does), or two of exactly the same fields.
        let sparse = self.presence.iter().any(|&p| p < self.count);
        if self.fields.len() >= 2 {
            let key_sets: Option<Vec<BTreeSet<&str>>> = self
                .fields
                .iter()
                .map(|(_, shape)| {
                    shape
                        .object
                        .as_ref()
                        .filter(|o| {
                            !shape.has_scalar() && shape.array.is_none() && !o.fields.is_empty()
                        })
                        .map(|o| o.fields.iter().map(|(k, _)| k.as_str()).collect())
                })
                .collect();
            if let Some(sets) = key_sets {
                if self.fields.len() >= 3 || sparse {
                    return share_a_core(&sets);
                }
                return sets[0].len() >= 2 && sets.iter().all(|set| *set == sets[0]);
            }
        }
        false
    }
}

/// Field sets whose common fields make up at least half of the smallest one.
fn share_a_core(sets: &[BTreeSet<&str>]) -> bool {
    let Some(first) = sets.first() else {
        return false;
    };
    let core = sets.iter().skip(1).fold(first.clone(), |core, set| {
        core.intersection(set).copied().collect()
    });
    let smallest = sets.iter().map(BTreeSet::len).min().unwrap_or(0);
    !core.is_empty() && core.len() * 2 >= smallest
}

fn merge_only(had: bool, had_only: bool, has: bool, has_only: bool) -> bool {
    match (had, has) {
        (true, true) => had_only && has_only,
        (true, false) => had_only,
        (false, true) => has_only,
        (false, false) => false,
    }
}

/// The array or object a text holds, when it is JSON text of one (`"[{\"id\":1}]"`).
fn json_text_value(text: &str) -> Option<Value> {
    if !text.starts_with(['[', '{']) {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Array(_) | Value::Object(_))) => Some(value),
        _ => None,
    }
}

fn is_int_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.len() <= 18 && digits.chars().all(|c| c.is_ascii_digit())
}

/// Keys that are values: numbers, urls, paths, domains, anything with characters a
/// field name does not have.
fn key_is_data(key: &str) -> bool {
    is_int_text(key)
        || key.is_empty()
        || key.contains(['/', '.', ':', ' ', '@', '?', '#', '%'])
        || key.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `key` is the slug of the value's text (a string value, or the `title` or
/// `name` of an object value), or of its beginning: an edit may change the title and
/// keep the slug (`capture-invoice` for "capture Invoice (30 days)").
fn key_is_slug_of_value(key: &str, shape: &Shape) -> bool {
    let label = match (&shape.object, &shape.array) {
        (None, None) if shape.text && !shape.bool && !shape.int && !shape.float => {
            shape.example.as_ref().and_then(Value::as_str)
        }
        (Some(object), None) if !shape.has_scalar() => object
            .fields
            .iter()
            .find(|(name, _)| name == "title" || name == "name")
            .and_then(|(_, member)| member.example.as_ref().and_then(Value::as_str)),
        _ => None,
    };
    let Some(label) = label else {
        return false;
    };
    let slug = slugify(label);
    // A member holding its own name (`"name": "name"`) is a field, not a key.
    label != key && !slug.is_empty() && (slug == key || slug.starts_with(&format!("{key}-")))
}

/// The slug WordPress makes of a title: lower case, every run of other characters one `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A list (or `[]`) of scalars only.
fn is_scalar_list(shape: &Shape) -> bool {
    let items_are_scalars = shape
        .array
        .as_ref()
        .is_none_or(|items| items.object.is_none() && items.array.is_none());
    shape.object.is_none()
        && !shape.has_scalar()
        && (shape.array.is_some() || shape.empty_array)
        && items_are_scalars
}

fn scalar_example(value: &Value) -> Option<Value> {
    let text = match value {
        Value::String(s) if !s.is_empty() => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (text.len() <= 80).then(|| value.clone())
}

/// How deep wrappers (`Option`, `Vec`, `BTreeMap`, `JsonText`) may nest in one inferred
/// type.
const MAX_NESTING: usize = 16;

/// How many wrappers wrap the innermost type of `ty`.
fn nesting(ty: &TypeRef) -> usize {
    ty.inner().map_or(0, |inner| 1 + nesting(inner))
}

/// The members of the answer that only says whether a write worked.
const ACKNOWLEDGEMENT: [&str; 2] = ["message", "success"];

/// Names that say "look at the container for what I hold".
const GENERIC_FIELDS: &[&str] = &[
    "data", "items", "results", "result", "records", "entries", "payload", "response", "list",
    "rows",
];

/// Field names that hold a number even when every example writes it as text: ids,
/// counts, totals, scores, sizes and timestamps.
fn name_is_numeric(name: &str) -> bool {
    let snake = snake_ident(name, "");
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let numeric = |word: &str| {
        matches!(
            word,
            "id" | "ids"
                | "count"
                | "total"
                | "score"
                | "size"
                | "timestamp"
                | "time"
                | "number"
                | "num"
                | "port"
                | "pages"
                | "items"
        )
    };
    words.last().is_some_and(|w| numeric(w))
        || words
            .first()
            .is_some_and(|w| matches!(*w, "count" | "total" | "num"))
}

/// Field names that read as yes/no even when the examples only show 0 or 1.
fn name_is_boolean(name: &str) -> bool {
    let snake = snake_ident(name, "");
    let words: Vec<&str> = snake.split('_').collect();
    let first = words.first().copied().unwrap_or_default();
    matches!(
        first,
        "is" | "has"
            | "success"
            | "can"
            | "enable"
            | "enabled"
            | "disable"
            | "disabled"
            | "allow"
            | "show"
            | "hide"
            | "use"
            | "active"
            | "suspended"
            | "should"
            | "need"
            | "needs"
    ) || matches!(
        words.last().copied(),
        Some("enabled" | "disabled" | "active" | "flag" | "visible" | "hidden")
    )
}

/// Where a shape sits, for naming the types it needs.
#[derive(Debug, Clone, Default)]
pub struct NameHint {
    /// Names to try, best first; a numbered variant of the first if all are taken.
    pub candidates: Vec<String>,
    /// Names for the items, when the shape is a list or map (else the singular of `candidates`).
    pub items: Option<Vec<String>>,
    /// What the operation is about ("Site" for "List sites"): names the type behind a
    /// generic member such as `data` of this struct.
    pub subject: Option<String>,
    /// The type must exist under this name even when its shape is shared: an
    /// operation's answer or body gets an alias of the shared struct.
    pub keep_name: bool,
}

impl NameHint {
    pub fn new(name: impl Into<String>) -> NameHint {
        NameHint {
            candidates: vec![name.into()],
            ..NameHint::default()
        }
    }

    /// A name that must exist (see `keep_name`).
    pub fn kept(name: impl Into<String>) -> NameHint {
        NameHint {
            keep_name: true,
            ..NameHint::new(name)
        }
    }

    pub fn with_subject(mut self, subject: Option<String>) -> NameHint {
        self.subject = subject;
        self
    }
}

/// Turns shapes into types, collecting named structs and reusing one struct for
/// shapes that come out identical.
#[derive(Debug)]
pub struct TypeBuilder {
    names: NameSet,
    defs: Vec<TypeDef>,
    /// Struct content (fields) -> name of the struct already made for it.
    by_content: BTreeMap<String, String>,
    /// Name -> index in `defs`: lowering looks up every operation's answer and body, so
    /// a scan of `defs` there made lowering quadratic in the size of the collection.
    by_name: BTreeMap<String, usize>,
    /// The records of the whole collection, grouped (the first pass).
    entities: Entities,
    /// Answer members that hold JSON text become `JsonText` of their contents (the
    /// profile's `json_text_members`).
    json_text: bool,
    /// What JSON-text members hold, typed only once every other type has its name (in
    /// [`TypeBuilder::into_defs`]): met first (a site's `plugins`), they would take the
    /// names the answers of the collection's own plugin and update routes are known by.
    /// Until then a member refers to its entry by a placeholder name.
    pending_texts: Vec<PendingText>,
    /// Content shape -> index in `pending_texts`: the same member met again (a site in
    /// another answer) gets the same placeholder, so its struct stays one.
    pending_by_key: BTreeMap<String, usize>,
}

/// The contents of a JSON-text member, waiting to be typed.
#[derive(Debug, Clone)]
struct PendingText {
    shape: Shape,
    hint: NameHint,
    doc: TypeDoc,
}

/// The name a JSON-text member's contents go by until they are typed; not an
/// identifier, so it can be no type's name.
fn pending_name(index: usize) -> String {
    format!("<json text {index}>")
}

impl TypeBuilder {
    /// `names` holds the type names already taken by other parts of the crate.
    pub fn new(names: NameSet) -> Self {
        TypeBuilder {
            names,
            defs: Vec::new(),
            by_content: BTreeMap::new(),
            by_name: BTreeMap::new(),
            entities: Entities::default(),
            json_text: false,
            pending_texts: Vec::new(),
            pending_by_key: BTreeMap::new(),
        }
    }

    /// Whether answer members whose every text holds a JSON array or object are typed
    /// by what the texts hold (`JsonText<Vec<Plugin>>`) rather than as `String`. Set
    /// before [`TypeBuilder::collect_entities`], which then looks inside them too.
    pub fn read_json_text(&mut self, on: bool) {
        self.json_text = on;
    }

    /// The first pass: the answers of the whole collection, each with what its operation
    /// is about, so that records seen in several places become one entity.
    pub fn collect_entities(&mut self, answers: &[(Shape, Option<String>)]) {
        self.entities = Entities::collect(answers, self.json_text);
    }

    /// The crate-wide type names, for names given outside inference.
    pub fn names(&mut self) -> &mut NameSet {
        &mut self.names
    }

    /// A named type made so far.
    pub fn find(&self, name: &str) -> Option<&TypeDef> {
        self.by_name.get(name).map(|&index| &self.defs[index])
    }

    fn push_def(&mut self, def: TypeDef) {
        self.by_name
            .entry(def.name.clone())
            .or_insert(self.defs.len());
        self.defs.push(def);
    }

    /// A named type made so far, following aliases to the struct behind them.
    pub fn resolve(&self, name: &str) -> Option<&TypeDef> {
        let def = self.find(name)?;
        match &def.kind {
            TypeKind::Alias(TypeRef::Named(target)) => self.resolve(target),
            _ => Some(def),
        }
    }

    /// The named types, sorted by name, once the contents of JSON-text members are
    /// typed too.
    pub fn into_defs(mut self) -> Vec<TypeDef> {
        self.type_json_texts();
        let mut defs = self.defs;
        defs.sort_by(|a, b| a.name.cmp(&b.name));
        defs
    }

    /// The type of a response (or response part): structs keep unknown fields.
    pub fn response_type(
        &mut self,
        shape: &Shape,
        hint: &NameHint,
        description: impl Into<TypeDoc>,
    ) -> TypeRef {
        self.type_of(shape, hint, "", &description.into(), false)
    }

    /// The type of a request body: struct fields optional, except the top-level members
    /// in `required` (the fields the request cannot go without).
    pub fn request_type(
        &mut self,
        shape: &Shape,
        hint: &NameHint,
        description: impl Into<TypeDoc>,
        required: &[String],
    ) -> TypeRef {
        let description = &description.into();
        match &shape.object {
            Some(object) if !required.is_empty() && !object.is_map() && !shape.null => {
                self.struct_type(object, hint, description, true, required)
            }
            _ => self.type_of(shape, hint, "", description, true),
        }
    }

    /// The type of a form body: a struct whatever its keys look like, since a form's
    /// keys are field names (and a multipart body is sent field by field).
    pub fn form_type(
        &mut self,
        shape: &Shape,
        hint: &NameHint,
        description: impl Into<TypeDoc>,
        required: &[String],
    ) -> TypeRef {
        let description = &description.into();
        match &shape.object {
            Some(object) if !object.fields.is_empty() => {
                self.struct_type(object, hint, description, true, required)
            }
            _ => self.request_type(shape, hint, description, &[]),
        }
    }

    fn type_of(
        &mut self,
        shape: &Shape,
        hint: &NameHint,
        field: &str,
        description: &TypeDoc,
        is_request: bool,
    ) -> TypeRef {
        let ty = self.non_null_type(shape, hint, field, description, is_request);
        // A lone `null` says nothing about the type; null beside something else makes it optional.
        let ty = if shape.null && !matches!(ty, TypeRef::Json | TypeRef::Option(_)) {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        };
        if nesting(&ty) > MAX_NESTING {
            // `Vec<Vec<Vec<...>>>` a hundred deep overflows the stack of every parser
            // of the generated code (syn, prettyplease, rustfmt, rustc) before it helps
            // anyone: that deep, any JSON will do.
            return TypeRef::Json;
        }
        ty
    }

    fn non_null_type(
        &mut self,
        shape: &Shape,
        hint: &NameHint,
        field: &str,
        description: &TypeDoc,
        is_request: bool,
    ) -> TypeRef {
        if shape.file {
            return TypeRef::Bytes;
        }
        // Members only (`field`): a struct refers to the contents by placeholder until
        // they are typed, which an answer or list item type could not.
        if let Some(content) = self
            .json_text_content(shape, is_request)
            .filter(|_| !field.is_empty())
        {
            // By contents alone: the same record built again under another name (the
            // entity's struct is rebuilt for each answer, then shared by content) must
            // come out the same; the first place met names the contents.
            let key = format!("{content:?}");
            let pending = &mut self.pending_texts;
            let index = *self.pending_by_key.entry(key).or_insert_with(|| {
                pending.push(PendingText {
                    shape: content.clone(),
                    hint: hint.clone(),
                    doc: description.clone(),
                });
                pending.len() - 1
            });
            return TypeRef::JsonText(Box::new(TypeRef::Named(pending_name(index))));
        }
        let scalar = shape.has_scalar();
        match (&shape.object, &shape.array) {
            (Some(object), None) if !scalar => {
                let ty = self.object_type(object, hint, description, is_request);
                // PHP writes an empty object as `[]`; where an example did, the struct may be
                // absent (the lenient `Opt` decoder reads `[]` as `None`).
                if shape.empty_array && matches!(ty, TypeRef::Named(_)) {
                    return TypeRef::Option(Box::new(ty));
                }
                return ty;
            }
            (None, Some(items)) if !scalar => {
                let item_hint = item_hint(hint);
                return TypeRef::List(Box::new(self.type_of(
                    items,
                    &item_hint,
                    "",
                    description,
                    is_request,
                )));
            }
            (Some(_), Some(_)) if !scalar => {
                if let Some(merged) = shape.list_or_keyed_items() {
                    let item_hint = item_hint(hint);
                    return TypeRef::List(Box::new(self.type_of(
                        &merged,
                        &item_hint,
                        "",
                        description,
                        is_request,
                    )));
                }
                return TypeRef::Json;
            }
            (None, None) => {}
            _ => return TypeRef::Json,
        }
        if !scalar {
            // Only null, or only `[]`, or nothing: nothing to go on.
            if shape.empty_array {
                return TypeRef::List(Box::new(TypeRef::Json));
            }
            if shape.empty_text {
                return TypeRef::String;
            }
            return TypeRef::Json;
        }
        scalar_type(shape, field, is_request).0
    }

    /// Types the contents of every JSON-text member, in the order they were met (their
    /// own members may add more), and puts the types in place of the placeholders.
    fn type_json_texts(&mut self) {
        let mut typed = Vec::new();
        while let Some(pending) = self.pending_texts.get(typed.len()).cloned() {
            let inner = self.type_of(&pending.shape, &pending.hint, "", &pending.doc, false);
            // A lone struct has no empty value of its own: `""` or `null` in the text
            // decodes as `None`.
            typed.push(match inner {
                TypeRef::Named(_) => TypeRef::Option(Box::new(inner)),
                other => other,
            });
        }
        if typed.is_empty() {
            return;
        }
        let by_name: BTreeMap<String, TypeRef> = typed
            .into_iter()
            .enumerate()
            .map(|(index, ty)| (pending_name(index), ty))
            .collect();
        for def in &mut self.defs {
            match &mut def.kind {
                TypeKind::Struct(body) => {
                    for field in &mut body.fields {
                        replace_pending(&mut field.ty, &by_name);
                    }
                }
                TypeKind::Alias(target) => replace_pending(target, &by_name),
            }
        }
    }

    /// What a JSON-text member holds, where such members are read (answers of an API
    /// whose profile says so); `None` keeps the member a string.
    fn json_text_content<'s>(&self, shape: &'s Shape, is_request: bool) -> Option<&'s Shape> {
        (self.json_text && !is_request)
            .then(|| shape.json_text_content())
            .flatten()
    }

    fn object_type(
        &mut self,
        object: &ObjectShape,
        hint: &NameHint,
        description: &TypeDoc,
        is_request: bool,
    ) -> TypeRef {
        if object.is_map() {
            let mut values = Shape::default();
            for (_, value) in &object.fields {
                values.merge(value);
            }
            let value_hint = item_hint(hint);
            return TypeRef::Map(Box::new(self.type_of(
                &values,
                &value_hint,
                "",
                description,
                is_request,
            )));
        }
        self.struct_type(object, hint, description, is_request, &[])
    }

    fn struct_type(
        &mut self,
        object: &ObjectShape,
        hint: &NameHint,
        description: &TypeDoc,
        is_request: bool,
        required_members: &[String],
    ) -> TypeRef {
        // A record of an entity is built from every example of that entity, under its name.
        let entity = if is_request {
            None
        } else {
            self.entities.of(object).cloned()
        };
        let entity_hint;
        let entity_doc;
        let (object, hint, description) = match &entity {
            Some(entity) => {
                // `Client` may be taken (the runtime's client): `ClientRecord` then.
                let mut candidates = vec![entity.name.clone(), format!("{}Record", entity.name)];
                candidates.extend(hint.candidates.iter().cloned());
                entity_hint = NameHint {
                    candidates,
                    ..hint.clone()
                };
                entity_doc = TypeDoc::Entity {
                    examples: entity.examples,
                    variants: entity.variants,
                };
                (&entity.shape, &entity_hint, &entity_doc)
            }
            None => (object, hint, description),
        };
        // A shape every kind of operation answers with is named by its role.
        let members: BTreeSet<&str> = object.fields.iter().map(|(k, _)| k.as_str()).collect();
        let role_hint;
        let hint = if !is_request && members == BTreeSet::from(ACKNOWLEDGEMENT) {
            let mut candidates = vec!["Acknowledgement".to_string()];
            candidates.extend(hint.candidates.iter().cloned());
            role_hint = NameHint {
                candidates,
                ..hint.clone()
            };
            &role_hint
        } else {
            hint
        };
        let description = if hint.candidates.first().map(String::as_str) == Some("Acknowledgement")
        {
            &TypeDoc::Acknowledgement
        } else {
            description
        };
        // Reserve the struct's name before its fields claim theirs, so the outer
        // type gets the better name.
        let name = self.names.claim_first(&hint.candidates);
        let mut idents = NameSet::new();
        let mut fields = Vec::with_capacity(object.fields.len());
        for ((member, shape), present) in object.fields.iter().zip(&object.presence) {
            let field_hint = field_hint(&name, member, hint.subject.as_deref());
            let ident = idents.claim(&snake_ident(member, "field"));
            let member_doc = TypeDoc::MemberOf {
                parent: name.clone(),
                member: member.clone(),
            };
            let ty = self.type_of(shape, &field_hint, member, &member_doc, is_request);
            let seen_everywhere = *present == object.count;
            // A request field is required where the request says so; an answer's where
            // every example has it.
            let required = if is_request {
                required_members.contains(member)
            } else {
                seen_everywhere
            } && !matches!(ty, TypeRef::Option(_))
                && ty != TypeRef::Json;
            let ty = if required || matches!(ty, TypeRef::Option(_)) || ty == TypeRef::Json {
                ty
            } else {
                TypeRef::Option(Box::new(ty))
            };
            fields.push(Field {
                name: member.clone(),
                ident,
                ty,
                required,
                example: shape.example.clone(),
                evidence: Evidence {
                    present: *present,
                    records: object.count,
                    seen: shape.kinds(),
                    rule: match self.json_text_content(shape, is_request) {
                        Some(_) => Some(TypeRule::JsonText),
                        None => rule_of(shape, member, is_request),
                    },
                    described_as_required: is_request && required_members.contains(member),
                },
            });
        }
        let unknown_fields = (!is_request).then(|| idents.claim("extra"));
        // Examples differ between identical shapes; only structure decides sameness.
        let structure: Vec<_> = fields
            .iter()
            .map(|f| (&f.name, &f.ident, &f.ty, f.required))
            .collect();
        let content = format!("{is_request}{structure:?}{unknown_fields:?}");
        if let Some(existing) = self.by_content.get(&content).cloned() {
            // This shape is one we already have: one struct serves both, and its name
            // (taken for nothing) goes back.
            self.names.release(&name);
            // A struct that answers several operations is no longer the answer of one.
            if let Some(&index) = self.by_name.get(&existing) {
                let doc = &mut self.defs[index].doc;
                if *doc != *description
                    && matches!(
                        doc,
                        TypeDoc::AnswerOf(_) | TypeDoc::BodyOf(_) | TypeDoc::MemberOf { .. }
                    )
                {
                    *doc = TypeDoc::Shared;
                }
            }
            return TypeRef::Named(existing);
        }
        self.by_content.insert(content, name.clone());
        self.push_def(TypeDef {
            name: name.clone(),
            doc: description.clone(),
            kind: TypeKind::Struct(Struct {
                fields,
                unknown_fields,
                is_request,
            }),
        });
        TypeRef::Named(name)
    }
}

/// `ty` with the placeholders of JSON-text contents replaced by their types.
fn replace_pending(ty: &mut TypeRef, typed: &BTreeMap<String, TypeRef>) {
    if let TypeRef::Named(name) = ty {
        if let Some(real) = typed.get(name.as_str()) {
            *ty = real.clone();
        }
    } else if let Some(inner) = ty.inner_mut() {
        replace_pending(inner, typed);
    }
}

/// Names for a member's type: the member's own name, then qualified by its parent.
/// A generic member (`data`) is named after the operation's subject instead.
fn field_hint(parent: &str, member: &str, subject: Option<&str>) -> NameHint {
    let own = type_ident(member, "Field");
    let parent_base = parent.strip_suffix("Response").unwrap_or(parent);
    let qualified = format!("{parent_base}{own}");
    if GENERIC_FIELDS.contains(&member.to_ascii_lowercase().as_str()) {
        let mut candidates = Vec::new();
        let mut items = Vec::new();
        if let Some(subject) = subject {
            candidates.push(subject.to_string());
            items.push(subject.to_string());
        }
        candidates.push(qualified.clone());
        items.push(format!("{qualified}Item"));
        return NameHint {
            candidates,
            items: Some(items),
            ..NameHint::default()
        };
    }
    NameHint {
        candidates: vec![own, qualified],
        ..NameHint::default()
    }
}

/// Names for the items of a list or the values of a map: the singular of the field.
fn item_hint(hint: &NameHint) -> NameHint {
    if let Some(items) = &hint.items {
        return NameHint {
            candidates: items.clone(),
            ..NameHint::default()
        };
    }
    let candidates = hint
        .candidates
        .iter()
        .map(|name| {
            let single = singular(name);
            if single == *name {
                format!("{name}Item")
            } else {
                single
            }
        })
        .collect();
    NameHint {
        candidates,
        ..NameHint::default()
    }
}

/// The type of a place where the examples showed scalars (and maybe `null`, `""`), and
/// the rule that decided it where the JSON kind alone did not.
fn scalar_type(shape: &Shape, field: &str, is_request: bool) -> (TypeRef, Option<TypeRule>) {
    let numeric = shape.int || shape.float || shape.int_text || shape.float_text;
    let flag_like = (!shape.int || shape.int_flag_only)
        && (!shape.int_text || shape.flag_text_only)
        && !shape.float
        && !shape.float_text
        && !shape.text;
    if shape.bool && flag_like {
        return (TypeRef::Bool, None);
    }
    // Only answers: a body must send the 0/1 the server expects, not `true`.
    if !is_request
        && flag_like
        && !shape.bool
        && (shape.int || shape.int_text)
        && name_is_boolean(field)
    {
        return (TypeRef::Bool, Some(TypeRule::BooleanName));
    }
    // An answer that gives the same member as a date in some examples and as seconds
    // in others (a cost's `last_renewal`): a type that takes both.
    if !is_request
        && shape.text
        && shape.date_text_only
        && (shape.int || shape.int_text)
        && !shape.bool
        && !shape.float
        && !shape.float_text
    {
        let ty = TypeRef::DateOrTimestamp;
        let ty = if shape.empty_text {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        };
        return (ty, Some(TypeRule::DateOrTimestamp));
    }
    if shape.text || shape.bool {
        return (TypeRef::String, None);
    }
    let real_number = shape.int || shape.float;
    if !real_number && shape.int_text && !shape.float_text && name_is_numeric(field) {
        // WordPress writes ids, counts and sizes as text (`"id": "1"`). Read as a
        // number (the runtime's `Int` takes both), an entity's id is the same type
        // as the path parameter that takes it back: `tags().get(tag.id)`.
        let ty = TypeRef::Integer;
        return if shape.empty_text {
            (TypeRef::Option(Box::new(ty)), Some(TypeRule::NumericName))
        } else {
            (ty, Some(TypeRule::NumericName))
        };
    }
    if !real_number {
        // Only numbers written as text: keep the text, as the server sends it.
        return (TypeRef::String, Some(TypeRule::NumericTextKept));
    }
    let ty = if shape.float || shape.float_text {
        TypeRef::Float
    } else {
        TypeRef::Integer
    };
    if shape.empty_text && numeric {
        // `""` stands for "no value" beside numbers.
        return (
            TypeRef::Option(Box::new(ty)),
            Some(TypeRule::EmptyTextIsNone),
        );
    }
    (ty, None)
}

/// `YYYY-MM-DD`, optionally followed by a time (`2026-11-01 00:00:00`).
fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let date = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    date && (bytes.len() == 10 || matches!(bytes[10], b' ' | b'T'))
}

/// The rule that decided the type of a place, for the evidence the IR keeps: the same
/// decisions as [`TypeBuilder::type_of`], read back from the shape.
fn rule_of(shape: &Shape, field: &str, is_request: bool) -> Option<TypeRule> {
    if shape.file {
        return None;
    }
    let scalar = shape.has_scalar();
    match (&shape.object, &shape.array) {
        (Some(object), None) if !scalar => {
            return if object.is_map() {
                Some(TypeRule::KeyedByData)
            } else if shape.empty_array {
                Some(TypeRule::EmptyArrayIsNone)
            } else {
                None
            };
        }
        (None, Some(items)) if !scalar => return rule_of(items, "", is_request),
        (Some(_), Some(_)) if !scalar => {
            return Some(match shape.list_or_keyed_items() {
                Some(_) => TypeRule::ListOrKeyedObject,
                None => TypeRule::Disagreeing,
            });
        }
        (None, None) => {}
        _ => return Some(TypeRule::Disagreeing),
    }
    if !scalar {
        return (!shape.empty_text).then_some(TypeRule::NothingToGoOn);
    }
    scalar_type(shape, field, is_request).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn infer(samples: &[Value]) -> (TypeRef, Vec<TypeDef>) {
        let mut shape = Shape::default();
        for sample in samples {
            shape.add(sample);
        }
        let mut builder = TypeBuilder::new(NameSet::new());
        let ty = builder.response_type(&shape, &NameHint::new("Answer"), "");
        (ty, builder.into_defs())
    }

    fn field<'a>(defs: &'a [TypeDef], ty: &str, name: &str) -> &'a Field {
        let def = defs
            .iter()
            .find(|d| d.name == ty)
            .unwrap_or_else(|| panic!("no type {ty} in {defs:#?}"));
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{ty} is not a struct")
        };
        s.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {ty}"))
    }

    fn opt(ty: TypeRef) -> TypeRef {
        TypeRef::Option(Box::new(ty))
    }

    #[test]
    fn missing_or_null_members_become_optional() {
        let (_, defs) = infer(&[
            json!({"a": 1, "b": "x", "c": 1}),
            json!({"a": 2, "c": null}),
        ]);
        assert_eq!(field(&defs, "Answer", "a").ty, TypeRef::Integer);
        assert!(field(&defs, "Answer", "a").required);
        assert_eq!(field(&defs, "Answer", "b").ty, opt(TypeRef::String));
        assert_eq!(field(&defs, "Answer", "c").ty, opt(TypeRef::Integer));
    }

    #[test]
    fn integers_and_floats_mixed_give_float() {
        let (_, defs) = infer(&[json!({"n": 1}), json!({"n": 2.5})]);
        assert_eq!(field(&defs, "Answer", "n").ty, TypeRef::Float);
    }

    #[test]
    fn numbers_and_numeric_strings_give_a_lenient_number() {
        let (_, defs) = infer(&[
            json!({"id": 1, "price": "25.00000000"}),
            json!({"id": "2", "price": 30}),
        ]);
        assert_eq!(field(&defs, "Answer", "id").ty, TypeRef::Integer);
        assert_eq!(field(&defs, "Answer", "price").ty, TypeRef::Float);
    }

    #[test]
    fn numeric_strings_alone_stay_strings() {
        let (_, defs) = infer(&[json!({"zip": "01234"}), json!({"zip": "22"})]);
        assert_eq!(field(&defs, "Answer", "zip").ty, TypeRef::String);
    }

    #[test]
    fn ids_counts_and_scores_written_as_text_become_numbers() {
        let (_, defs) = infer(&[
            json!({"id": "1", "client_id": "3", "count_sites": "2", "health_score": "80", "version": "6.1"}),
            json!({"id": "22", "client_id": "", "count_sites": "0", "health_score": "75", "version": "6"}),
        ]);
        assert_eq!(field(&defs, "Answer", "id").ty, TypeRef::Integer);
        assert_eq!(
            field(&defs, "Answer", "client_id").ty,
            opt(TypeRef::Integer)
        );
        assert_eq!(field(&defs, "Answer", "count_sites").ty, TypeRef::Integer);
        assert_eq!(field(&defs, "Answer", "health_score").ty, TypeRef::Integer);
        assert_eq!(
            field(&defs, "Answer", "version").ty,
            TypeRef::String,
            "a version is not a number"
        );
    }

    #[test]
    fn empty_string_beside_numbers_means_no_value() {
        let (_, defs) = infer(&[json!({"id": 0}), json!({"id": ""})]);
        assert_eq!(field(&defs, "Answer", "id").ty, opt(TypeRef::Integer));
    }

    #[test]
    fn zero_one_flags_become_bool() {
        let (_, defs) = infer(&[
            json!({"is_staging": "0", "active": 1, "disable": true, "count": 1, "suspended": 0}),
            json!({"is_staging": "1", "active": true, "disable": 0, "count": 0, "suspended": "1"}),
        ]);
        assert_eq!(field(&defs, "Answer", "is_staging").ty, TypeRef::Bool);
        assert_eq!(field(&defs, "Answer", "active").ty, TypeRef::Bool);
        assert_eq!(field(&defs, "Answer", "disable").ty, TypeRef::Bool);
        assert_eq!(
            field(&defs, "Answer", "count").ty,
            TypeRef::Integer,
            "a count of 0 or 1 is still a count"
        );
        assert_eq!(field(&defs, "Answer", "suspended").ty, TypeRef::Bool);
    }

    #[test]
    fn objects_keyed_by_ids_become_maps() {
        let (_, defs) = infer(&[
            json!({"data": {"1": {"id": "1", "name": "a"}, "7": {"id": "7", "name": "b"}}}),
        ]);
        let data = &field(&defs, "Answer", "data").ty;
        let TypeRef::Map(value) = data else {
            panic!("expected a map, got {data:?}")
        };
        let TypeRef::Named(name) = &**value else {
            panic!("expected a struct")
        };
        assert_eq!(field(&defs, name, "name").ty, TypeRef::String);
        assert!(!defs.iter().any(
            |d| matches!(&d.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.name == "1"))
        ));
    }

    #[test]
    fn objects_keyed_by_names_with_alike_values_become_maps() {
        let (_, defs) = infer(&[
            json!({"themes": {"twentytwentythree": {"name": "A", "version": "1"}}}),
            json!({"themes": {"twentynineteen": {"name": "B", "version": "2", "update": "3"}}}),
            json!({"backups": {"kinsta": {"enabled": 0, "key": ""}, "plesk": {"enabled": 1, "key": "x"}, "cpanel": {"enabled": 0, "key": "", "host": ""}}}),
        ]);
        assert!(
            matches!(field(&defs, "Answer", "themes").ty, TypeRef::Option(ref t) if matches!(**t, TypeRef::Map(_)))
        );
        assert!(
            matches!(field(&defs, "Answer", "backups").ty, TypeRef::Option(ref t) if matches!(**t, TypeRef::Map(_)))
        );
        assert!(!defs
            .iter()
            .any(|d| d.name == "Twentytwentythree" || d.name == "Kinsta"));
    }

    fn is_map(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(_) => true,
            TypeRef::Option(inner) => is_map(inner),
            _ => false,
        }
    }

    #[test]
    fn objects_keyed_by_the_slug_of_their_values_become_maps_even_with_one_key() {
        let (_, defs) = infer(&[
            json!({"data": {"capture-domain": {"title": "capture Domain", "color": "#123456"}}}),
        ]);
        assert!(is_map(&field(&defs, "Answer", "data").ty));
        // A payment method renamed by an edit keeps its slug.
        let (_, defs) = infer(&[json!({"data": {"capture-invoice": "capture Invoice (30 days)"}})]);
        assert!(is_map(&field(&defs, "Answer", "data").ty));
        let (_, defs) = infer(&[
            json!({"methods": {"seed-invoice": "Seed Invoice", "seed-card": "Seed Card"}}),
        ]);
        assert!(is_map(&field(&defs, "Answer", "methods").ty));
    }

    #[test]
    fn members_whose_values_are_not_their_slugs_stay_fields() {
        let (_, defs) = infer(&[json!({"data": {"name": "name", "title": "Widget"}})]);
        assert!(matches!(
            field(&defs, "Answer", "data").ty,
            TypeRef::Named(_)
        ));
        let (_, defs) = infer(&[json!({"data": {"content-type": "text/html"}})]);
        assert!(matches!(
            field(&defs, "Answer", "data").ty,
            TypeRef::Named(_)
        ));
    }

    #[test]
    fn post_meta_keyed_by_meta_key_becomes_a_map_also_when_empty_elsewhere() {
        let (_, defs) = infer(&[
            json!({"post_custom": {"_edit_lock": ["1796180650:1"]}}),
            json!({"post_custom": {"_pingme": ["1"], "seed_rating": ["5"]}}),
            json!({"post_custom": []}),
        ]);
        let ty = &field(&defs, "Answer", "post_custom").ty;
        assert!(is_map(ty), "{ty:?}");
        assert!(!defs.iter().any(|d| d.name == "PostCustom"));
    }

    #[test]
    fn lists_without_a_meta_key_stay_fields() {
        let (_, defs) = infer(&[json!({"data": {"errors": ["x"], "warnings": ["y"]}})]);
        assert!(matches!(
            field(&defs, "Answer", "data").ty,
            TypeRef::Named(_)
        ));
    }

    #[test]
    fn a_date_text_in_one_answer_and_a_timestamp_in_another_is_either() {
        // Cost lists send `"2026-11-01 00:00:00"` (and `0` for lifetime costs), the single
        // cost `"1793491200"`: the runtime's `DateOrTimestamp` takes all three.
        let (_, defs) = infer(&[
            json!({"last_renewal": "2026-11-01 00:00:00"}),
            json!({"last_renewal": 0}),
            json!({"last_renewal": "1793491200"}),
        ]);
        assert_eq!(
            field(&defs, "Answer", "last_renewal").ty,
            TypeRef::DateOrTimestamp
        );
    }

    #[test]
    fn objects_keyed_by_urls_become_maps() {
        let (_, defs) = infer(&[json!({"data": {"https://a.example/": [{"id": 2}]}})]);
        assert!(matches!(field(&defs, "Answer", "data").ty, TypeRef::Map(_)));
    }

    #[test]
    fn empty_array_where_an_object_is_expected_is_tolerated() {
        let (_, defs) = infer(&[json!({"meta": {"a": 1}}), json!({"meta": []})]);
        let ty = &field(&defs, "Answer", "meta").ty;
        assert!(
            matches!(ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Named(_))),
            "the struct stays a struct, absent when `[]`: {ty:?}"
        );
    }

    #[test]
    fn arrays_of_objects_merge_into_one_item_type() {
        let (_, defs) =
            infer(&[json!({"sites": [{"id": "1", "name": "a"}, {"id": "2", "url": "u"}]})]);
        let TypeRef::List(item) = &field(&defs, "Answer", "sites").ty else {
            panic!()
        };
        assert_eq!(
            **item,
            TypeRef::Named("Site".into()),
            "items are named after the singular of the field"
        );
        assert!(field(&defs, "Site", "id").required);
        assert_eq!(field(&defs, "Site", "name").ty, opt(TypeRef::String));
        assert_eq!(field(&defs, "Site", "url").ty, opt(TypeRef::String));
    }

    #[test]
    fn identical_shapes_share_one_struct_without_aliases() {
        let mut builder = TypeBuilder::new(NameSet::new());
        let one = builder.response_type(
            &Shape::of(&json!({"site": {"id": "1"}})),
            &NameHint::kept("GetSiteResponse"),
            TypeDoc::AnswerOf("GetSiteCall".into()),
        );
        let two = builder.response_type(
            &Shape::of(&json!({"site": {"id": "2"}})),
            &NameHint::kept("SyncSiteResponse"),
            TypeDoc::AnswerOf("SyncSiteCall".into()),
        );
        let defs = builder.into_defs();
        assert_eq!(one, TypeRef::Named("GetSiteResponse".into()));
        assert_eq!(two, one, "the second operation uses the same struct");
        assert!(
            !defs.iter().any(|d| matches!(d.kind, TypeKind::Alias(_))),
            "no alias per operation: {defs:#?}"
        );
        let shared = defs
            .iter()
            .find(|d| d.name == "GetSiteResponse")
            .expect("struct");
        assert_eq!(
            shared.doc,
            TypeDoc::Shared,
            "a struct answering two operations is not documented as the answer of the first"
        );
    }

    #[test]
    fn success_and_message_alone_is_the_acknowledgement_whoever_uses_it_first() {
        let mut builder = TypeBuilder::new(NameSet::new());
        let ty = builder.response_type(
            &Shape::of(&json!({"success": 1, "message": "Field updated."})),
            &NameHint::kept("UpdateFieldResponse"),
            "",
        );
        assert_eq!(ty, TypeRef::Named("Acknowledgement".into()));
    }

    #[test]
    fn one_record_seen_in_several_answers_is_one_entity_named_by_the_collection() {
        let alone = json!({"success": 1, "data": {"id": 1, "url": "u", "name": "a", "notes": "n", "tags": "x"}});
        let listed = json!({"data": [{"id": 2, "url": "v", "name": "b", "client_id": 3}]});
        let in_tag = json!({"id": 4, "name": "t", "color": "#fff", "sites": [{"id": 5, "url": "w", "name": "c", "notes": ""}]});
        let answers = vec![
            (Shape::of(&alone), Some("Site".to_string())),
            (Shape::of(&listed), Some("Site".to_string())),
            (Shape::of(&in_tag), Some("Tag".to_string())),
        ];
        let mut builder = TypeBuilder::new(NameSet::new());
        builder.collect_entities(&answers);
        let tys: Vec<TypeRef> = answers
            .iter()
            .map(|(shape, subject)| {
                builder.response_type(
                    shape,
                    &NameHint::kept("FirstOperationResponse").with_subject(subject.clone()),
                    "",
                )
            })
            .collect();
        let defs = builder.into_defs();
        let sites: Vec<&TypeDef> = defs
            .iter()
            .filter(|d| matches!(&d.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.name == "url")))
            .collect();
        assert_eq!(sites.len(), 1, "one site struct: {defs:#?}");
        assert_eq!(sites[0].name, "Site");
        assert!(
            field(&defs, "Site", "id").required,
            "every example has an id"
        );
        assert!(
            !field(&defs, "Site", "notes").required,
            "one example has no notes"
        );
        assert!(!field(&defs, "Site", "client_id").required);
        assert_eq!(
            tys[2],
            TypeRef::Named("Tag".into()),
            "an answer that is a record is named by what it is"
        );
    }

    #[test]
    fn responses_keep_unknown_members() {
        let (_, defs) = infer(&[json!({"a": 1})]);
        let TypeKind::Struct(s) = &defs[0].kind else {
            panic!()
        };
        assert_eq!(s.unknown_fields.as_deref(), Some("extra"));
    }

    #[test]
    fn only_date_texts_beside_integers_make_a_date_or_timestamp() {
        let (_, defs) = infer(&[
            json!({"renewal": "2026-11-01 00:00:00", "note": "2026-11-01 then"}),
            json!({"renewal": "1793491200", "note": "17"}),
            json!({"renewal": 1793491200, "note": "x"}),
        ]);
        let renewal = field(&defs, "Answer", "renewal");
        assert_eq!(renewal.ty, TypeRef::DateOrTimestamp);
        assert_eq!(renewal.evidence.rule, Some(TypeRule::DateOrTimestamp));
        assert_eq!(renewal.evidence.seen, ["int", "numeric text", "text"]);
        // Text that is not a date beside numbers is text.
        assert_eq!(field(&defs, "Answer", "note").ty, TypeRef::String);
    }

    #[test]
    fn evidence_says_how_many_records_had_a_member_and_why_it_is_a_number() {
        let (_, defs) = infer(&[json!({"id": "7", "n": "a"}), json!({"id": "8"})]);
        let id = field(&defs, "Answer", "id");
        assert_eq!((id.evidence.present, id.evidence.records), (2, 2));
        assert_eq!(id.evidence.rule, Some(TypeRule::NumericName));
        let n = field(&defs, "Answer", "n");
        assert_eq!((n.evidence.present, n.evidence.records), (1, 2));
        assert!(!n.required);
    }

    #[test]
    fn conflicting_kinds_fall_back_to_json() {
        let (_, defs) = infer(&[json!({"v": "x"}), json!({"v": {"a": 1}})]);
        assert_eq!(field(&defs, "Answer", "v").ty, TypeRef::Json);
    }

    #[test]
    fn list_in_one_answer_and_keyed_object_in_another_is_a_list() {
        let (_, defs) = infer(&[
            json!({"data": [{"id": 1}]}),
            json!({"data": {"5": {"id": 5}}}),
        ]);
        assert!(matches!(
            field(&defs, "Answer", "data").ty,
            TypeRef::List(_)
        ));
    }

    /// Like `infer`, with JSON-text members read (the MainWP profile), and first an
    /// answer of other operations under `first` (the names they take first).
    fn infer_json_text(first: &[(Value, &str)], samples: &[Value]) -> Vec<TypeDef> {
        let mut builder = TypeBuilder::new(NameSet::new());
        builder.read_json_text(true);
        let mut shape = Shape::default();
        for sample in samples {
            shape.add(sample);
        }
        builder.response_type(&shape, &NameHint::new("Answer"), "");
        for (value, name) in first {
            builder.response_type(&Shape::of(value), &NameHint::new(*name), "");
        }
        builder.into_defs()
    }

    fn json_text(inner: TypeRef) -> TypeRef {
        TypeRef::JsonText(Box::new(inner))
    }

    /// Two records of a site, the way MainWP sends them: lists as JSON text.
    fn sites_with_json_text() -> Vec<Value> {
        vec![
            json!({
                "plugins": r#"[{"name":"Akismet","slug":"akismet\/akismet.php","active":1}]"#,
                "upgrades": r#"{"akismet\/akismet.php":{"Name":"Akismet","Version":"5.3"}}"#,
                "ids": "[1,2]",
                "meta": r#"{"name":"Hello","version":"1.7"}"#,
                "note": "[see the ticket]",
                "mixed": "[1]",
            }),
            json!({
                "plugins": r#"[{"name":"Hello Dolly","slug":"hello.php","active":"0"}]"#,
                "upgrades": "[]",
                "ids": "",
                "meta": r#"{"name":"Hi","version":"2"}"#,
                "note": "{braces} but not JSON",
                "mixed": "plain words",
            }),
        ]
    }

    #[test]
    fn json_text_members_are_typed_by_what_every_text_holds() {
        let defs = infer_json_text(&[], &sites_with_json_text());
        let plugins = field(&defs, "Answer", "plugins");
        assert_eq!(
            plugins.ty,
            json_text(TypeRef::List(Box::new(TypeRef::Named("Plugin".into()))))
        );
        assert_eq!(plugins.evidence.rule, Some(TypeRule::JsonText));
        assert_eq!(plugins.evidence.seen, ["JSON text"]);
        // The items are inferred from the parsed texts of both records, leniently.
        assert_eq!(field(&defs, "Plugin", "active").ty, TypeRef::Bool);
        assert_eq!(field(&defs, "Plugin", "slug").ty, TypeRef::String);
        // An object keyed by slugs is a map, whose empty form PHP writes `[]`.
        let TypeRef::JsonText(upgrades) = &field(&defs, "Answer", "upgrades").ty else {
            panic!("upgrades is not JSON text");
        };
        assert!(matches!(**upgrades, TypeRef::Map(_)), "{upgrades:?}");
        // `""` beside JSON text is no value, which the list decoder reads as empty.
        assert_eq!(
            field(&defs, "Answer", "ids").ty,
            json_text(TypeRef::List(Box::new(TypeRef::Integer)))
        );
        // A lone struct in text may be absent (`""`), so the contents are optional.
        let TypeRef::JsonText(meta) = &field(&defs, "Answer", "meta").ty else {
            panic!("meta is not JSON text");
        };
        assert!(matches!(**meta, TypeRef::Option(_)), "{meta:?}");
    }

    #[test]
    fn text_that_is_not_always_json_stays_a_string() {
        let defs = infer_json_text(&[], &sites_with_json_text());
        for member in ["note", "mixed"] {
            let member = field(&defs, "Answer", member);
            assert_eq!(member.ty, TypeRef::String, "{}", member.name);
            assert_eq!(member.evidence.rule, None, "{}", member.name);
        }
    }

    #[test]
    fn json_text_stays_a_string_unless_the_profile_reads_it() {
        let (_, defs) = infer(&sites_with_json_text());
        let plugins = field(&defs, "Answer", "plugins");
        assert_eq!(plugins.ty, TypeRef::String);
        assert_eq!(plugins.evidence.rule, None);
        assert!(!defs.iter().any(|def| def.name == "Plugin"));
    }

    #[test]
    fn json_text_contents_leave_names_to_the_answers_of_other_operations() {
        // Another operation lists plugins (met after the site in the collection): its
        // items keep `Plugin`, and the text's items, another shape, are qualified.
        let plugin_list = json!([{"name": "Akismet", "version": "5.3", "network": false}]);
        let defs = infer_json_text(&[(plugin_list, "Plugins")], &sites_with_json_text());
        assert_eq!(field(&defs, "Plugin", "network").ty, TypeRef::Bool);
        assert_eq!(
            field(&defs, "Answer", "plugins").ty,
            json_text(TypeRef::List(Box::new(TypeRef::Named(
                "AnswerPlugin".into()
            ))))
        );
        assert_eq!(field(&defs, "AnswerPlugin", "active").ty, TypeRef::Bool);
    }

    #[test]
    fn a_record_met_in_several_answers_keeps_one_struct_for_its_json_text() {
        let mut builder = TypeBuilder::new(NameSet::new());
        builder.read_json_text(true);
        let mut shape = Shape::default();
        for sample in sites_with_json_text() {
            shape.add(&sample);
        }
        let first = builder.response_type(&shape, &NameHint::new("Answer"), "");
        let again = builder.response_type(&shape, &NameHint::new("Other"), "");
        assert_eq!(first, again);
        let defs = builder.into_defs();
        let plugin_structs = defs.iter().filter(|d| d.name.contains("Plugin")).count();
        assert_eq!(plugin_structs, 1, "{defs:#?}");
    }
}
