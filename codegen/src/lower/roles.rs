//! Names by role for the answers several operations share.
//!
//! Types are named when first met, so an envelope that `create`, `update` and `delete`
//! of tags all answer with (`{success, message, data: Tag}`) was named after `create`:
//! `client.tags().delete(id)` returned a `CreateTagResponse`. Once every operation is
//! lowered, a shared envelope around an entity is named after the entity instead
//! (`TagAnswer`), and every reference follows.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Resource, ResponseBody, TypeDoc, TypeKind, TypeRef};

/// Members an envelope may have besides `data`: what the call did, and counts.
const ENVELOPE_MEMBERS: &[&str] = &["success", "message", "total"];

/// Renames the shared envelopes of `api` and updates every reference to them.
pub fn name_shared_envelopes(api: &mut Api) {
    let renames = envelope_names(api);
    if renames.is_empty() {
        return;
    }
    for def in &mut api.types {
        if let Some(new) = renames.get(&def.name) {
            def.name = new.clone();
        }
        if let TypeDoc::MemberOf { parent, .. } = &mut def.doc {
            if let Some(new) = renames.get(parent) {
                *parent = new.clone();
            }
        }
        match &mut def.kind {
            TypeKind::Struct(body) => {
                for field in &mut body.fields {
                    rename_in(&mut field.ty, &renames);
                }
            }
            TypeKind::Alias(target) => rename_in(target, &renames),
        }
    }
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
    rename_in_resource(&mut api.root, &renames);
}

/// `old name -> new name` for every shared answer struct made of `data` (an entity)
/// and envelope members. Of two envelopes of one entity, the one with fewer members
/// takes `{Entity}Answer` and the other `{Entity}AnswerWithMessage` (or keeps its name
/// when that is taken too).
fn envelope_names(api: &Api) -> BTreeMap<String, String> {
    let entities: BTreeSet<&str> = api
        .types
        .iter()
        .filter(|def| matches!(def.doc, TypeDoc::Entity { .. }))
        .map(|def| def.name.as_str())
        .collect();
    let mut taken: BTreeSet<String> = api.types.iter().map(|def| def.name.clone()).collect();
    taken.extend(api.path_types.iter().map(|t| t.type_name.clone()));
    taken.extend(crate::reserved::TYPE_NAMES.iter().map(|n| n.to_string()));
    // (entity, member count, old name), so that the plainer envelope is named first.
    let mut envelopes: Vec<(&str, usize, &str)> = Vec::new();
    for def in &api.types {
        let (TypeDoc::Shared, TypeKind::Struct(body)) = (&def.doc, &def.kind) else {
            continue;
        };
        if body.is_request {
            continue;
        }
        let data = body.fields.iter().find(|f| f.name == "data");
        let Some(TypeRef::Named(entity)) = data.map(|f| &f.ty) else {
            continue;
        };
        let only_envelope = body
            .fields
            .iter()
            .all(|f| f.name == "data" || ENVELOPE_MEMBERS.contains(&f.name.as_str()));
        if only_envelope && entities.contains(entity.as_str()) {
            envelopes.push((entity, body.fields.len(), &def.name));
        }
    }
    envelopes.sort();
    let mut renames = BTreeMap::new();
    for (entity, _, old) in envelopes {
        let candidates = [
            format!("{entity}Answer"),
            format!("{entity}AnswerWithMessage"),
        ];
        if let Some(new) = candidates.into_iter().find(|c| !taken.contains(c)) {
            taken.insert(new.clone());
            renames.insert(old.to_string(), new);
        }
    }
    renames
}

fn rename_in_resource(resource: &mut Resource, renames: &BTreeMap<String, String>) {
    for op in &mut resource.operations {
        if let ResponseBody::Json(ty) = &mut op.response {
            rename_in(ty, renames);
        }
        if let Some(body) = &mut op.body {
            rename_in(&mut body.ty, renames);
            for setter in &mut body.setters {
                rename_in(&mut setter.ty, renames);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            rename_in(&mut pagination.item_type, renames);
        }
    }
    for child in &mut resource.children {
        rename_in_resource(child, renames);
    }
}

fn rename_in(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    if let TypeRef::Named(name) = ty {
        if let Some(new) = renames.get(name) {
            *name = new.clone();
        }
    } else if let Some(inner) = ty.inner_mut() {
        rename_in(inner, renames);
    }
}
