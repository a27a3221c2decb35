//! Ids learnt from earlier answers, so that `sites/{id_domain}` is called with a site that
//! exists on this Dashboard rather than with the collection's example `1`.
//!
//! The catalog lists the list operations before the operations on one item, so one pass
//! in catalog order discovers before it needs.

use std::collections::HashMap;

use mainwp::catalog::Operation;
use serde_json::Value;

/// A kind of id a path parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A child site (`sites` list).
    Site,
    /// A client (`clients` list).
    Client,
    /// A client field (`clients/fields` list).
    ClientField,
    /// A tag (`tags` list).
    Tag,
    /// A cost (`costs` list).
    Cost,
    /// An uptime monitor (`monitors` list), when it has an id.
    Monitor,
    /// A post (`posts` list).
    Post,
    /// The site the discovered post is on.
    PostSite,
    /// A page (`pages` list).
    Page,
    /// The site the discovered page is on.
    PageSite,
    /// An API key (`rest-api/keys` list).
    ApiKey,
    /// A time tracker task (`time-tracker` list).
    Task,
    /// A time tracker bucket (`time-tracker/buckets` list).
    Bucket,
    /// A client with tracked time (`time-tracker/clients` list).
    TimeTrackerClient,
}

/// Where a value sits in a record of a list answer.
#[derive(Debug, Clone, Copy)]
enum Field {
    /// A member holding an id (a non-empty string or a non-zero number).
    Id(&'static str),
}

/// A slot and the fields of a record to read it from, in order.
type Learnt = (Slot, &'static [Field]);

/// What one list answer teaches: for each slot, the fields to try in order. All slots of
/// a list come from the same record (the post and the site it is on, say): the first
/// record for which the first slot has a value.
const LISTS: &[(&str, &[Learnt])] = &[
    ("sites", &[(Slot::Site, &[Field::Id("id")])]),
    ("clients", &[(Slot::Client, &[Field::Id("id")])]),
    (
        "clients/fields",
        &[(Slot::ClientField, &[Field::Id("field_id")])],
    ),
    ("tags", &[(Slot::Tag, &[Field::Id("id")])]),
    ("costs", &[(Slot::Cost, &[Field::Id("id")])]),
    ("monitors", &[(Slot::Monitor, &[Field::Id("id")])]),
    ("rest-api/keys", &[(Slot::ApiKey, &[Field::Id("id")])]),
    (
        "posts",
        &[
            (Slot::Post, &[Field::Id("id")]),
            (Slot::PostSite, &[Field::Id("website_id")]),
        ],
    ),
    (
        "pages",
        &[
            (Slot::Page, &[Field::Id("id")]),
            (Slot::PageSite, &[Field::Id("website_id")]),
        ],
    ),
    ("time-tracker", &[(Slot::Task, &[Field::Id("id")])]),
    (
        "time-tracker/buckets",
        &[(Slot::Bucket, &[Field::Id("id")])],
    ),
    (
        "time-tracker/clients",
        &[(Slot::TimeTrackerClient, &[Field::Id("client_id")])],
    ),
];

/// Query parameters that name child sites; they get the discovered site instead of the
/// example's (`websites=1,2` would ask a real Dashboard for sites it may not have).
const SITE_QUERY_PARAMS: &[&str] = &["websites"];

/// The ids discovered so far.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    values: HashMap<Slot, String>,
}

impl Discovered {
    /// The discovered value of a slot.
    pub fn get(&self, slot: Slot) -> Option<&str> {
        self.values.get(&slot).map(String::as_str)
    }

    /// Learns from the answer of `op` when it is one of the known lists. The first value
    /// found for a slot stays.
    pub fn learn(&mut self, op: &Operation, answer: &Value) {
        let Some((_, slots)) = LISTS.iter().find(|(path, _)| *path == op.path) else {
            return;
        };
        let Some(&(_, primary)) = slots.first() else {
            return;
        };
        let data = answer.get("data").unwrap_or(answer);
        let Some(record) = first_record(data, primary, 3) else {
            return;
        };
        for &(slot, fields) in slots.iter() {
            if let Some(value) = read(record, fields) {
                self.values.entry(slot).or_insert(value);
            }
        }
    }

    /// The value for each path parameter of `op`: the discovered id of the parameter's
    /// slot, else the example's value. Parameters without either are left out.
    pub fn path_values(&self, op: &Operation) -> Vec<(String, String)> {
        op.path_params
            .iter()
            .filter_map(|&param| {
                let discovered = slots_for(op.path, param)
                    .iter()
                    .find_map(|&slot| self.get(slot));
                let example = op
                    .example_path
                    .iter()
                    .find(|(name, _)| *name == param)
                    .map(|(_, v)| *v);
                discovered
                    .or(example)
                    .map(|v| (param.to_owned(), v.to_owned()))
            })
            .collect()
    }

    /// The example's query of `op`, with the discovered site in site parameters.
    pub fn query(&self, op: &Operation) -> Vec<(String, String)> {
        op.example_query
            .iter()
            .map(|&(name, value)| {
                let value = match self.get(Slot::Site) {
                    Some(site) if SITE_QUERY_PARAMS.contains(&name) => site,
                    _ => value,
                };
                (name.to_owned(), value.to_owned())
            })
            .collect()
    }
}

/// The slots a path parameter takes, most specific first.
pub fn slots_for(path: &str, param: &str) -> &'static [Slot] {
    let under = |prefix: &str| path.starts_with(prefix);
    match param {
        // Monitors are addressed by their site: the numeric site id is what the route
        // takes (its pattern wants digits or a domain with a TLD, so a site URL such as
        // `127.0.0.1:8081` matches no route); a monitor without a row lists `"id": 0`.
        "id_domain" if under("monitors/") => &[Slot::Monitor, Slot::Site],
        "id_domain" if under("posts/") => &[Slot::PostSite, Slot::Site],
        "id_domain" if under("pages/") => &[Slot::PageSite, Slot::Site],
        "id_domain" => &[Slot::Site],
        "id_email" if under("time-tracker/") => &[Slot::TimeTrackerClient, Slot::Client],
        "id_email" => &[Slot::Client],
        "id" if under("tags/") => &[Slot::Tag],
        "id" if under("costs/") => &[Slot::Cost],
        "id" if under("time-tracker/buckets/") => &[Slot::Bucket],
        "id" if under("time-tracker/tasks/") => &[Slot::Task],
        "id_post" => &[Slot::Post],
        "id_page" => &[Slot::Page],
        "id_name" => &[Slot::ClientField],
        "key_identifier" => &[Slot::ApiKey],
        _ => &[],
    }
}

/// The first object, in document order and at most `depth` levels down, for which the
/// first of `fields` has a value. Lists come as arrays, as objects keyed by id, or (posts,
/// users) as objects keyed by site URL holding arrays.
fn first_record<'a>(value: &'a Value, fields: &[Field], depth: u8) -> Option<&'a Value> {
    if value.is_object() && read(value, fields).is_some() {
        return Some(value);
    }
    if depth == 0 {
        return None;
    }
    match value {
        Value::Object(map) => map
            .values()
            .find_map(|v| first_record(v, fields, depth - 1)),
        Value::Array(items) => items
            .iter()
            .find_map(|v| first_record(v, fields, depth - 1)),
        _ => None,
    }
}

/// The value of the first of `fields` that `record` has.
fn read(record: &Value, fields: &[Field]) -> Option<String> {
    fields.iter().find_map(|field| match *field {
        Field::Id(name) => id_text(record.get(name)?),
    })
}

/// An id as text: a non-empty string, or a number other than 0.
pub fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() && s.trim() != "0" => Some(s.trim().to_owned()),
        Value::Number(n) if n.as_f64() != Some(0.0) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(path: &'static str) -> &'static Operation {
        mainwp::catalog::OPERATIONS
            .iter()
            .find(|o| o.path == path && o.method == "GET")
            .expect("operation in the catalog")
    }

    #[test]
    fn learns_from_arrays_keyed_objects_and_site_groups() {
        let mut found = Discovered::default();
        found.learn(op("sites"), &json!({"data": [{"id": "4"}, {"id": "5"}]}));
        found.learn(
            op("tags"),
            &json!({"data": {"7": {"id": "7"}, "2": {"id": "2"}}}),
        );
        found.learn(
            op("posts"),
            &json!({"data": {"https://a.example/": [{"id": 12, "website_id": 4}]}}),
        );
        assert_eq!(found.get(Slot::Site), Some("4"));
        assert_eq!(found.get(Slot::Tag), Some("7"));
        assert_eq!(found.get(Slot::Post), Some("12"));
        assert_eq!(found.get(Slot::PostSite), Some("4"));
    }

    #[test]
    fn monitors_without_an_id_are_called_with_the_numeric_site_id() {
        let mut found = Discovered::default();
        found.learn(
            op("sites"),
            &json!({"data": [{"id": "4", "url": "http://127.0.0.1:8081/"}]}),
        );
        found.learn(
            op("monitors"),
            &json!({"data": [{"id": 0, "url": "http://127.0.0.1:8081/"}]}),
        );
        assert_eq!(found.get(Slot::Monitor), None);
        assert_eq!(
            found.path_values(op("monitors/{id_domain}")),
            vec![("id_domain".to_owned(), "4".to_owned())]
        );
    }

    #[test]
    fn discovered_values_beat_examples() {
        let mut found = Discovered::default();
        let get_site = op("sites/{id_domain}");
        assert_eq!(
            found.path_values(get_site),
            vec![("id_domain".to_owned(), "1".to_owned())]
        );
        found.learn(op("sites"), &json!({"data": [{"id": "9"}]}));
        assert_eq!(
            found.path_values(get_site),
            vec![("id_domain".to_owned(), "9".to_owned())]
        );
        let users = op("users");
        assert_eq!(
            found.query(users),
            vec![("websites".to_owned(), "9".to_owned())]
        );
    }
}
