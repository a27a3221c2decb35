//! The writes of `--write`: create something recognisable (its name begins `capture `),
//! edit it, remove it, keeping every answer. Once a create answered with an id, the
//! delete runs whatever the edits did. Besides the sequences, a few calls run that change
//! nothing a user made (the site's sync and check, notices reset, a session-destroy job).
//!
//! Sites are never added, edited, disconnected or removed, and no updates are run.

use serde_json::{Map, Value};

use super::collection::Body;
use super::discovery::{id_text, Slot};
use super::Session;

/// What names of created things begin with.
pub const LABEL: &str = "capture ";

/// How the id of a created thing is found.
#[derive(Clone, Copy)]
enum Created {
    /// `data.<member>` of the create answer.
    Member(&'static str),
    /// The first key of `data` (product types and payment methods answer keyed by slug).
    FirstKey,
    /// The one API key listed after the create and not before, with the sent description.
    NewApiKey,
    /// The user of the sent `username` in the site's user list (the create answer has no id).
    ListedUser,
}

/// One create -> edits -> delete sequence.
struct Sequence {
    what: &'static str,
    create: &'static str,
    edits: &'static [&'static str],
    delete: &'static str,
    /// The path parameter of the edits and the delete that takes the new id.
    param: &'static str,
    created: Created,
    /// Changes to the example body beyond the labels.
    adjust: fn(&mut Map<String, Value>, &Session),
}

const SEQUENCES: &[Sequence] = &[
    Sequence {
        what: "tag",
        create: "POST tags/add",
        edits: &["PUT tags/{id}/edit"],
        delete: "DELETE tags/{id}/remove",
        param: "id",
        created: Created::Member("id"),
        adjust: keep,
    },
    Sequence {
        what: "client",
        create: "POST clients/add",
        edits: &[
            "PUT clients/{id_email}/edit",
            "POST clients/{id_email}/suspend",
            "POST clients/{id_email}/unsuspend",
        ],
        delete: "DELETE clients/{id_email}/remove",
        param: "id_email",
        created: Created::Member("id"),
        adjust: client_body,
    },
    Sequence {
        what: "cost",
        create: "POST costs/add",
        edits: &["PUT costs/{id}/edit"],
        delete: "DELETE costs/{id}/remove",
        param: "id",
        created: Created::Member("id"),
        adjust: cost_body,
    },
    Sequence {
        what: "client field",
        create: "POST clients/fields/add",
        edits: &["PUT clients/fields/{id_name}/edit"],
        delete: "DELETE clients/fields/{id_name}/delete",
        param: "id_name",
        created: Created::Member("field_id"),
        adjust: field_body,
    },
    Sequence {
        what: "product type",
        create: "POST settings/cost-tracker/product-types/add",
        edits: &["PUT settings/cost-tracker/product-types/{slug}/edit"],
        delete: "DELETE settings/cost-tracker/product-types/{slug}/delete",
        param: "slug",
        created: Created::FirstKey,
        adjust: keep,
    },
    Sequence {
        what: "payment method",
        create: "POST settings/cost-tracker/payment-methods/add",
        edits: &["PUT settings/cost-tracker/payment-methods/{slug}/edit"],
        delete: "DELETE settings/cost-tracker/payment-methods/{slug}/delete",
        param: "slug",
        created: Created::FirstKey,
        adjust: keep,
    },
    Sequence {
        what: "API key",
        create: "POST rest-api/add-key",
        edits: &["PUT rest-api/edit-key/{key_identifier}"],
        delete: "DELETE rest-api/delete-key/{key_identifier}",
        param: "key_identifier",
        created: Created::NewApiKey,
        adjust: keep,
    },
    Sequence {
        what: "user",
        create: "POST users/create",
        edits: &["PUT users/{id_domain}/{user_id}/edit"],
        delete: "DELETE users/{id_domain}/{user_id}/delete",
        param: "user_id",
        created: Created::ListedUser,
        adjust: user_body,
    },
    Sequence {
        what: "post",
        create: "POST posts/{id_domain}/create",
        edits: &[
            "PUT posts/{id_domain}/{id_post}/edit",
            "PUT posts/{id_domain}/{id_post}/update-status",
        ],
        delete: "DELETE posts/{id_domain}/{id_post}/delete",
        param: "id_post",
        created: Created::Member("post_id"),
        adjust: post_body,
    },
    Sequence {
        what: "page",
        create: "POST pages/{id_domain}/create",
        edits: &[
            "PUT pages/{id_domain}/{id_page}/edit",
            "PUT pages/{id_domain}/{id_page}/update-status",
        ],
        delete: "DELETE pages/{id_domain}/{id_page}/delete",
        param: "id_page",
        created: Created::Member("post_id"),
        adjust: post_body,
    },
];

/// Calls that change nothing a user made: the site's sync and check, and tools that
/// only reset notices and (absent) extension activations.
const HARMLESS_ACTIONS: &[&str] = &[
    "POST sites/{id_domain}/sync",
    "POST sites/{id_domain}/check",
    "POST sites/sync",
    "POST sites/check",
    "POST settings/tools/restore-info-messages",
    "POST settings/tools/clear-activation-data",
];

/// Background jobs: the start, the status route, its path parameter and the member of
/// the start answer holding the job id. Destroying sessions logs the child's users out,
/// nothing more.
const JOBS: &[(&str, &str, &str, &str)] = &[(
    "POST settings/tools/destroy-sessions",
    "GET settings/tools/destroy-sessions-status/{destroy_id}",
    "destroy_id",
    "destroy_id",
)];

pub fn run(session: &mut Session) {
    for sequence in SEQUENCES {
        run_sequence(session, sequence);
    }
    for key in HARMLESS_ACTIONS {
        let Some(index) = session.find(key) else {
            continue;
        };
        let body = site_action_body(session, index);
        let path = site_path(session, index);
        session.call_key(key, path, body, true);
    }
    for &(start, status, param, member) in JOBS {
        let body = session
            .find(start)
            .and_then(|index| session.request(index).body.clone());
        let Some(answer) = session.call_key(start, Vec::new(), body, true) else {
            continue;
        };
        if let Some(job) = answer.get(member).and_then(id_text) {
            session.call_key(status, vec![(param.to_string(), job)], None, true);
        }
    }
}

/// `{id_domain}` with the discovered site, for the routes that take it.
fn site_path(session: &Session, index: usize) -> Vec<(String, String)> {
    let site = session
        .discovered
        .first(Slot::Site)
        .unwrap_or("1")
        .to_string();
    session
        .request(index)
        .path_params()
        .into_iter()
        .filter(|p| *p == "id_domain")
        .map(|p| (p.to_string(), site.clone()))
        .collect()
}

/// The example body with the site lists narrowed to the discovered site.
fn site_action_body(session: &Session, index: usize) -> Option<Body> {
    let mut body = session.request(index).body.clone()?;
    if let Body::Json(Value::Object(map)) = &mut body {
        map.remove("exclude");
        if map.contains_key("include") {
            let site = session.discovered.first(Slot::Site).unwrap_or("1");
            map.insert("include".into(), Value::String(site.to_string()));
        }
    }
    Some(body)
}

fn run_sequence(session: &mut Session, sequence: &Sequence) {
    let keys_before = match sequence.created {
        Created::NewApiKey => match key_ids(session) {
            Some(keys) => keys,
            None => {
                session.note(format!(
                    "{}: the key listing failed; skipped",
                    sequence.what
                ));
                return;
            }
        },
        _ => Vec::new(),
    };
    let Some(create) = session.find(sequence.create) else {
        session.note(format!("the collection has no `{}`", sequence.create));
        return;
    };
    let body = labelled_body(session, create, sequence);
    let sent_body = body.clone();
    let label = label_of(body.as_ref());
    let path = parent_path(session, create, sequence.param);
    let Some(answer) = session.call_key(sequence.create, path.clone(), body, true) else {
        session.note(format!(
            "{}: the create step failed; nothing to edit or remove",
            sequence.what
        ));
        return;
    };
    let id = match sequence.created {
        Created::Member(member) => answer
            .get("data")
            .and_then(|d| d.get(member))
            .and_then(id_text),
        Created::FirstKey => answer
            .get("data")
            .and_then(Value::as_object)
            .and_then(|d| d.keys().next().cloned()),
        Created::NewApiKey => new_key(session, &keys_before, &label),
        Created::ListedUser => listed_user(session, body_field(&sent_body, "username")),
    };
    let Some(id) = id else {
        session.note(format!(
            "{} `{label}` was created but its id could not be read: remove it by hand",
            sequence.what
        ));
        return;
    };
    let with_id = |session: &Session, key: &str| step_path(session, key, sequence.param, &id);
    for edit in sequence.edits {
        let body = session
            .find(edit)
            .and_then(|index| labelled_body(session, index, sequence));
        let path = with_id(session, edit);
        session.call_key(edit, path, body, true);
    }
    if keys_before.contains(&id) {
        // Unreachable by construction: a key that existed before is never removed.
        session.note(format!(
            "refusing to delete API key {id}, which existed before"
        ));
        return;
    }
    let body = session
        .find(sequence.delete)
        .and_then(|index| session.request(index).body.clone());
    if session
        .call_key(
            sequence.delete,
            with_id(session, sequence.delete),
            body,
            true,
        )
        .is_none()
    {
        session.note(format!(
            "{} `{id}` (`{label}`) could not be removed: remove it by hand",
            sequence.what
        ));
    }
}

/// Path values of a later step: the new id, and the discovered site where the step's
/// route takes one (`users/{id_domain}/{user_id}/edit` after `users/create`).
fn step_path(session: &Session, key: &str, param: &str, id: &str) -> Vec<(String, String)> {
    let Some(index) = session.find(key) else {
        return Vec::new();
    };
    let site = session
        .discovered
        .first(Slot::Site)
        .unwrap_or("1")
        .to_string();
    session
        .request(index)
        .path_params()
        .into_iter()
        .filter_map(|p| match p {
            _ if p == param => Some((p.to_string(), id.to_string())),
            "id_domain" => Some((p.to_string(), site.clone())),
            _ => None,
        })
        .collect()
}

/// Path values of the create step (the site a post goes on).
fn parent_path(session: &Session, index: usize, param: &str) -> Vec<(String, String)> {
    site_path(session, index)
        .into_iter()
        .filter(|(p, _)| p != param)
        .collect()
}

/// The request's example body with `capture ` before its name, title or description.
fn labelled_body(session: &Session, index: usize, sequence: &Sequence) -> Option<Body> {
    let mut body = session.request(index).body.clone()?;
    match &mut body {
        Body::Json(Value::Object(map)) => {
            for field in ["name", "title", "description", "post_title"] {
                if let Some(Value::String(text)) = map.get_mut(field) {
                    *text = format!("{LABEL}{text}");
                }
            }
            (sequence.adjust)(map, session);
        }
        Body::Form(fields) => {
            for (key, value) in fields.iter_mut() {
                if matches!(key.as_str(), "name" | "title" | "description") {
                    *value = format!("{LABEL}{value}");
                }
            }
        }
        Body::Json(_) => {}
    }
    Some(body)
}

fn label_of(body: Option<&Body>) -> String {
    let found = match body {
        Some(Body::Json(value)) => ["name", "title", "description", "post_title", "username"]
            .iter()
            .find_map(|k| value.get(*k)?.as_str().map(str::to_string)),
        Some(Body::Form(fields)) => fields
            .iter()
            .find(|(k, _)| matches!(k.as_str(), "name" | "title" | "description"))
            .map(|(_, v)| v.clone()),
        None => None,
    };
    found.unwrap_or_else(|| LABEL.trim().to_string())
}

/// A string member of a JSON body.
fn body_field(body: &Option<Body>, field: &str) -> Option<String> {
    match body {
        Some(Body::Json(value)) => value.get(field)?.as_str().map(str::to_string),
        _ => None,
    }
}

/// The id of the user named `username` on the discovered site.
fn listed_user(session: &mut Session, username: Option<String>) -> Option<String> {
    let username = username?;
    let answer = session.call_key("GET users", Vec::new(), None, false)?;
    let sites = answer.get("data")?.as_object()?;
    sites
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .find(|user| user.get("username").and_then(Value::as_str) == Some(username.as_str()))
        .and_then(|user| user.get("id"))
        .and_then(id_text)
}

/// The ids of every API key, or `None` when the listing failed.
fn key_ids(session: &mut Session) -> Option<Vec<String>> {
    let answer = session.call_key("GET rest-api/keys", Vec::new(), None, false)?;
    Some(
        key_records(&answer)
            .into_iter()
            .filter_map(|(id, _)| id)
            .collect(),
    )
}

/// The one key that is new since `before` and carries `description`.
fn new_key(session: &mut Session, before: &[String], description: &str) -> Option<String> {
    let answer = session.call_key("GET rest-api/keys", Vec::new(), None, false)?;
    let decode = |s: &str| {
        s.replace("&amp;", "&")
            .replace("&#039;", "'")
            .replace("&quot;", "\"")
    };
    let new: Vec<String> = key_records(&answer)
        .into_iter()
        .filter_map(|(id, record)| {
            let id = id?;
            let text = record.get("description")?.as_str()?;
            (!before.contains(&id) && decode(text).trim() == description.trim()).then_some(id)
        })
        .collect();
    match new.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

fn key_records(answer: &Value) -> Vec<(Option<String>, &Value)> {
    let records: Vec<&Value> = match answer.get("data") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    };
    records
        .into_iter()
        .map(|record| (record.get("id").and_then(id_text), record))
        .collect()
}

fn keep(_: &mut Map<String, Value>, _: &Session) {}

/// A client of its own: its own address, and no sites (assigning the site would take it
/// from its real client).
fn client_body(body: &mut Map<String, Value>, _: &Session) {
    body.remove("selected_sites");
    if let Some(Value::String(email)) = body.get_mut("client_email") {
        *email = format!("capture-{email}");
    }
}

/// A cost on the discovered site only.
fn cost_body(body: &mut Map<String, Value>, session: &Session) {
    body.remove("groups");
    body.remove("clients");
    let site = session.discovered.first(Slot::Site).unwrap_or("1");
    let site = site
        .parse::<u64>()
        .map_or_else(|_| Value::from(site), Value::from);
    body.insert("sites".into(), Value::Array(vec![site]));
    if let Some(Value::String(slug)) = body.get_mut("product_slug") {
        *slug = format!("capture-{slug}");
    }
}

/// Field names are keys: no spaces.
fn field_body(body: &mut Map<String, Value>, _: &Session) {
    if let Some(Value::String(name)) = body.get_mut("name") {
        *name = name.replace(' ', "_");
    }
}

/// A user of its own name and address on the discovered site only.
fn user_body(body: &mut Map<String, Value>, session: &Session) {
    for (field, joiner) in [("username", "_"), ("email", "-")] {
        if let Some(Value::String(text)) = body.get_mut(field) {
            *text = format!("capture{joiner}{text}");
        }
    }
    if body.contains_key("websites") {
        let site = session.discovered.first(Slot::Site).unwrap_or("1");
        body.insert("websites".into(), Value::String(site.to_string()));
    }
    for field in ["groups", "clients"] {
        if body.contains_key(field) {
            body.insert(field.into(), Value::String(String::new()));
        }
    }
}

/// A post of its own slug, without the example's remote image (the child may not fetch
/// from the internet); a status change to `unpublish`, which the child accepts for a
/// fresh post (it refuses `trash` for one).
fn post_body(body: &mut Map<String, Value>, _: &Session) {
    body.remove("post_featured_image");
    if body.contains_key("status") {
        body.insert("status".into(), Value::String("unpublish".into()));
    }
    if let Some(Value::String(slug)) = body.get_mut("post_name") {
        *slug = format!("capture-{slug}");
    }
}
