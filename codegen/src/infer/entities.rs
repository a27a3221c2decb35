//! The first pass of inference: every record the whole collection shows, grouped into
//! entities before any type is named.
//!
//! One operation shows a site in a list, another a site alone, a third the sites of a
//! tag. Inferred one answer at a time they become four structs that cannot stand for
//! one another. Here every object of every answer is collected first; objects whose
//! members are (nearly) the same, and that the collection names alike, are one entity:
//! their examples are merged into one [`ObjectShape`] (so a member is required only
//! where every example of the entity has it) and the entity is named by what the
//! collection calls it most often (`sites`, `site` -> `Site`), never by the operation
//! that happened to come first.

use std::collections::{BTreeMap, BTreeSet};

use super::{ObjectShape, Shape, GENERIC_FIELDS};
use crate::naming::{singular, type_ident};

/// Records with fewer members than this are too small to tell entities apart by their
/// members (`{id}`, `{success, message}`): identical structure already shares a struct.
const MIN_MEMBERS: usize = 4;

/// Share of members (common / all) above which two records are one entity whatever the
/// collection calls them.
const SAME_MEMBERS: f64 = 0.8;

/// Share of members above which two records the collection calls by the same name are
/// one entity (a site with and without its `tags` and `notes`).
const SAME_NAME_MEMBERS: f64 = 0.5;

/// One entity: every example of it, merged, and what it is called.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub shape: ObjectShape,
    /// How many distinct member sets (places of the collection) it was seen with.
    pub variants: usize,
    /// How many examples were merged into it.
    pub examples: u32,
}

/// The entities of a collection, found by member set.
#[derive(Debug, Default)]
pub struct Entities {
    entities: Vec<Entity>,
    /// Member set (sorted names joined by `\n`) -> index in `entities`.
    by_members: BTreeMap<String, usize>,
}

/// Objects seen with one member set, before grouping.
struct Variant {
    members: BTreeSet<String>,
    shape: ObjectShape,
    names: BTreeMap<String, u32>,
}

impl Entities {
    /// Groups the objects of every answer (each with what the operation is about, for
    /// objects under a generic member such as `data`).
    /// With `json_text`, the records inside members that hold JSON text count too
    /// (the recent posts inside a site's `recent_posts`).
    pub fn collect(answers: &[(Shape, Option<String>)], json_text: bool) -> Entities {
        let mut variants: BTreeMap<String, Variant> = BTreeMap::new();
        for (shape, subject) in answers {
            let place = Place {
                subject: subject.as_deref(),
                json_text,
            };
            walk(shape, subject.clone(), place, &mut variants);
        }
        let variants: Vec<Variant> = variants.into_values().collect();
        // Union-find over the member sets.
        let mut parent: Vec<usize> = (0..variants.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for i in 0..variants.len() {
            for j in i + 1..variants.len() {
                if same_entity(&variants[i], &variants[j]) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[b.max(a)] = a.min(b);
                    }
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..variants.len() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut entities = Entities::default();
        for members in groups.into_values() {
            let mut shape = ObjectShape::default();
            let mut names: BTreeMap<String, u32> = BTreeMap::new();
            for &i in &members {
                shape.merge(&variants[i].shape);
                for (name, votes) in &variants[i].names {
                    *names.entry(name.clone()).or_default() += votes;
                }
            }
            // The name the collection uses most; ties go to the shorter, then the first
            // in order, so the choice does not depend on the order of the collection.
            let name = names
                .iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then_with(|| b.0.len().cmp(&a.0.len()))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(name, _)| name.clone())
                .unwrap_or_default();
            let index = entities.entities.len();
            for &i in &members {
                entities.by_members.insert(key(&variants[i].members), index);
            }
            entities.by_members.insert(
                key(&shape.fields.iter().map(|(k, _)| k.clone()).collect()),
                index,
            );
            entities.entities.push(Entity {
                name,
                examples: shape.count,
                shape,
                variants: members.len(),
            });
        }
        // Two entities the collection calls alike (a site, and the short site of the
        // basic list): the one with the most members keeps the name, the others are
        // its summaries, rather than `SiteRecord` beside `Site`.
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, entity) in entities.entities.iter().enumerate() {
            if !entity.name.is_empty() {
                by_name.entry(entity.name.clone()).or_default().push(index);
            }
        }
        for (name, mut indices) in by_name {
            indices.sort_by_key(|&i| std::cmp::Reverse(entities.entities[i].shape.fields.len()));
            let full: BTreeSet<&str> = entities.entities[indices[0]]
                .shape
                .fields
                .iter()
                .map(|(k, _)| k.as_str())
                .collect();
            let summaries: Vec<usize> = indices[1..]
                .iter()
                .copied()
                .filter(|&i| {
                    // A summary shows mostly members of the full record.
                    let fields = &entities.entities[i].shape.fields;
                    let shared = fields.iter().filter(|(k, _)| full.contains(k.as_str()));
                    shared.count() * 4 >= fields.len() * 3
                })
                .collect();
            for i in summaries {
                entities.entities[i].name = format!("{name}Summary");
            }
        }
        entities
    }

    /// The entity an object with these members belongs to, if it is seen in more than
    /// one place or under more than one member set.
    pub fn of(&self, object: &ObjectShape) -> Option<&Entity> {
        if !is_record(object) {
            return None;
        }
        let members: BTreeSet<String> = object.fields.iter().map(|(k, _)| k.clone()).collect();
        let entity = &self.entities[*self.by_members.get(&key(&members))?];
        (!entity.name.is_empty()).then_some(entity)
    }
}

/// An object with identity: enough members, one of them an id (`id`, `client_id`).
/// Envelopes (`{success, total, data}`) and descriptions of things without an id
/// (a plugin, keyed by slug) have the same members from operation to operation
/// without being one record, so they are left to structural sharing.
fn is_record(object: &ObjectShape) -> bool {
    object.fields.len() >= MIN_MEMBERS
        && object
            .fields
            .iter()
            .any(|(name, _)| name == "id" || name.ends_with("_id"))
}

fn key(members: &BTreeSet<String>) -> String {
    members.iter().cloned().collect::<Vec<_>>().join("\n")
}

fn same_entity(a: &Variant, b: &Variant) -> bool {
    let common = a.members.intersection(&b.members).count() as f64;
    let all = a.members.union(&b.members).count() as f64;
    let share = common / all;
    let named_alike = a.names.keys().any(|name| b.names.contains_key(name));
    share >= SAME_MEMBERS || (named_alike && share >= SAME_NAME_MEMBERS)
}

/// What [`walk`] needs to know of the whole answer.
#[derive(Clone, Copy)]
struct Place<'a> {
    /// What the operation is about, for objects under a generic member.
    subject: Option<&'a str>,
    /// Whether members holding JSON text are read (the profile's habit).
    json_text: bool,
}

/// Records every struct-like object under `shape`; `name` is what the place calls it.
fn walk(
    shape: &Shape,
    name: Option<String>,
    place: Place,
    variants: &mut BTreeMap<String, Variant>,
) {
    if place.json_text {
        if let Some(content) = shape.json_text_content() {
            walk(content, name.clone(), place, variants);
        }
    }
    if let Some(items) = &shape.array {
        walk(items, name.as_deref().map(singular), place, variants);
    }
    let Some(object) = &shape.object else {
        return;
    };
    if object.is_map() {
        let mut values = Shape::default();
        for (_, value) in &object.fields {
            values.merge(value);
        }
        walk(&values, name.as_deref().map(singular), place, variants);
        return;
    }
    if is_record(object) {
        let members: BTreeSet<String> = object.fields.iter().map(|(k, _)| k.clone()).collect();
        let variant = variants.entry(key(&members)).or_insert_with(|| Variant {
            members,
            shape: ObjectShape::default(),
            names: BTreeMap::new(),
        });
        variant.shape.merge(object);
        if let Some(name) = &name {
            *variant.names.entry(name.clone()).or_default() += 1;
        }
    }
    for (member, value) in &object.fields {
        let child = if GENERIC_FIELDS.contains(&member.to_ascii_lowercase().as_str()) {
            place.subject.map(str::to_string)
        } else {
            Some(singular(&type_ident(member, "Field")))
        };
        walk(value, child, place, variants);
    }
}
