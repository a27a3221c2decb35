//! Real ids learnt from list answers, so that `tags/{id}` is called with tags this
//! Dashboard has, and with several of them: a tag with sites and one without, a cost with
//! renewals and a lifetime one, a post with custom fields and one without.

use std::collections::BTreeMap;

use serde_json::Value;

/// How many ids of one kind item routes are called with.
pub const VARIANTS: usize = 3;

/// A kind of id a path parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Site,
    Client,
    ClientField,
    Tag,
    Cost,
    Post,
    Page,
    PageSite,
}

/// Where the ids of a list answer sit: the slot and the member of each record.
const LISTS: &[(&str, Slot, &str)] = &[
    ("sites", Slot::Site, "id"),
    ("clients", Slot::Client, "id"),
    ("clients/fields", Slot::ClientField, "field_id"),
    ("tags", Slot::Tag, "id"),
    ("costs", Slot::Cost, "id"),
    ("pages", Slot::Page, "id"),
    ("pages", Slot::PageSite, "website_id"),
];

/// The ids found so far, at most [`VARIANTS`] of each kind, in the order seen.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    ids: BTreeMap<Slot, Vec<String>>,
}

impl Discovered {
    pub fn get(&self, slot: Slot) -> &[String] {
        self.ids.get(&slot).map_or(&[], Vec::as_slice)
    }

    pub fn first(&self, slot: Slot) -> Option<&str> {
        self.get(slot).first().map(String::as_str)
    }

    pub fn add(&mut self, slot: Slot, id: String) {
        let list = self.ids.entry(slot).or_default();
        if list.len() < VARIANTS && !list.contains(&id) {
            list.push(id);
        }
    }

    /// Learns from the answer of `GET route`.
    pub fn learn(&mut self, route: &str, answer: &Value) {
        let data = answer.get("data").unwrap_or(answer);
        for &(list, slot, member) in LISTS {
            if list == route {
                for record in records(data, member, 3) {
                    if let Some(id) = record.get(member).and_then(id_text) {
                        self.add(slot, id);
                    }
                }
            }
        }
        // The post listing of this Dashboard version finds nothing (500 `no_posts_found`),
        // but a synced site lists its recent posts and pages as JSON text.
        if route == "sites" {
            for site in records(data, "id", 2) {
                for (member, slot) in [("recent_posts", Slot::Post), ("recent_pages", Slot::Page)] {
                    let listed = site
                        .get(member)
                        .and_then(Value::as_str)
                        .and_then(|text| serde_json::from_str::<Value>(text).ok());
                    for post in listed.iter().flat_map(|l| records(l, "id", 1)) {
                        if let Some(id) = post.get("id").and_then(id_text) {
                            self.add(slot, id);
                        }
                    }
                }
            }
        }
    }

    /// The values to call `route` with, one set per variant: each path parameter takes
    /// its discovered ids in turn (the last one repeating), or the example's value.
    pub fn variants(
        &self,
        route: &str,
        params: &[&str],
        example: impl Fn(&str) -> Option<String>,
    ) -> Vec<Vec<(String, String)>> {
        let choices: Vec<(String, Vec<String>)> = params
            .iter()
            .map(|&param| {
                let found = slot_for(route, param)
                    .map(|slot| self.get(slot).to_vec())
                    .unwrap_or_default();
                let values = if found.is_empty() {
                    example(param).into_iter().collect()
                } else {
                    found
                };
                (param.to_string(), values)
            })
            .collect();
        let count = choices
            .iter()
            .map(|(_, v)| v.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let mut out: Vec<Vec<(String, String)>> = Vec::new();
        for i in 0..count {
            let set: Option<Vec<(String, String)>> = choices
                .iter()
                .map(|(param, values)| {
                    let value = values.get(i).or(values.last())?;
                    Some((param.clone(), value.clone()))
                })
                .collect();
            if let Some(set) = set {
                if !out.contains(&set) {
                    out.push(set);
                }
            }
        }
        out
    }
}

/// The kind of id a path parameter of `route` takes.
pub fn slot_for(route: &str, param: &str) -> Option<Slot> {
    let under = |prefix: &str| route.starts_with(prefix);
    Some(match param {
        // Monitors take a numeric site id or a domain with a TLD; loopback sites have
        // no such domain, so the site id it is.
        "id_domain" if under("pages/") => Slot::PageSite,
        "id_domain" => Slot::Site,
        "id_email" => Slot::Client,
        "id" if under("tags/") => Slot::Tag,
        "id" if under("costs/") => Slot::Cost,
        "id_post" => Slot::Post,
        "id_page" => Slot::Page,
        "id_name" => Slot::ClientField,
        _ => return None,
    })
}

/// The objects holding `member`, in document order, at most `depth` levels down: lists
/// come as arrays, as objects keyed by id, or as objects keyed by site URL holding arrays.
fn records<'a>(value: &'a Value, member: &str, depth: u8) -> Vec<&'a Value> {
    if value.is_object() && value.get(member).is_some() {
        return vec![value];
    }
    if depth == 0 {
        return Vec::new();
    }
    match value {
        Value::Object(map) => map
            .values()
            .flat_map(|v| records(v, member, depth - 1))
            .collect(),
        Value::Array(items) => items
            .iter()
            .flat_map(|v| records(v, member, depth - 1))
            .collect(),
        _ => Vec::new(),
    }
}

/// An id as text: a non-empty string other than `0`, or a number other than 0.
pub fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() && s.trim() != "0" => Some(s.trim().to_string()),
        Value::Number(n) if n.as_f64() != Some(0.0) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn learns_ids_from_arrays_keyed_objects_and_recent_posts() {
        let mut found = Discovered::default();
        found.learn(
            "sites",
            &json!({"data": [{"id": "4", "recent_posts": "[{\"id\":1},{\"id\":7}]"}]}),
        );
        found.learn(
            "tags",
            &json!({"data": {"7": {"id": "7"}, "2": {"id": "2"}}}),
        );
        found.learn(
            "pages",
            &json!({"data": {"http://a/": [{"id": 2, "website_id": 4}]}}),
        );
        assert_eq!(found.get(Slot::Site), ["4"]);
        assert_eq!(found.get(Slot::Post), ["1", "7"]);
        assert_eq!(found.get(Slot::Tag), ["7", "2"]);
        assert_eq!(found.get(Slot::PageSite), ["4"]);
    }

    #[test]
    fn item_routes_get_one_variant_per_discovered_id() {
        let mut found = Discovered::default();
        found.learn("sites", &json!({"data": [{"id": "1"}]}));
        found.learn(
            "sites",
            &json!({"data": [{"id": "1", "recent_posts": "[{\"id\":5},{\"id\":6}]"}]}),
        );
        let variants = found.variants(
            "posts/{id_domain}/{id_post}",
            &["id_domain", "id_post"],
            |_| None,
        );
        assert_eq!(
            variants,
            vec![
                vec![
                    ("id_domain".into(), "1".into()),
                    ("id_post".into(), "5".into())
                ],
                vec![
                    ("id_domain".into(), "1".into()),
                    ("id_post".into(), "6".into())
                ],
            ]
        );
        let fallback = found.variants("settings/emails/{mail_type}/edit", &["mail_type"], |_| {
            Some("daily_digest".into())
        });
        assert_eq!(
            fallback,
            vec![vec![("mail_type".into(), "daily_digest".into())]]
        );
    }
}
