//! The write sequences of `--write`: create something recognisable, edit it, remove it.
//!
//! Only things that are undone by their own delete route are touched (tags, API keys,
//! clients, costs, client fields, cost tracker product types and payment methods). Once a
//! create step has answered with an id, the delete step runs whatever the steps between do
//! (failures, and panics too, which resume after the cleanup); what could not be removed
//! is listed in the report and fails the run.
//!
//! Sites are never added, removed, disconnected or updated. With `--include-child-sites`
//! one discovered site is synced, nothing more.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use mainwp::catalog::{Operation, OPERATIONS};
use serde_json::{Map, Value};

use crate::call::{operation_name, Call, Session};
use crate::discovery::{id_text, Discovered, Slot};
use crate::report::{Outcome, Phase};

/// What names of created things start with, so they can be recognised on the Dashboard.
pub const PREFIX: &str = "live-check ";

/// How the id of a created thing is found.
#[derive(Clone, Copy)]
enum Created {
    /// In the create answer.
    Answer(fn(&Value) -> Option<String>),
    /// The create answer of an API key has no id (only the new secret): it is the one key
    /// in the listing after the create that was not in the listing before and carries
    /// the check's description. Keys listed before, the one running the check among them,
    /// are never deleted.
    NewApiKey,
}

/// One create -> edit -> delete sequence.
struct Sequence {
    /// What is created, for messages.
    what: &'static str,
    /// The create operation (method, path).
    create: (&'static str, &'static str),
    /// The edit operations, run in order on the created thing.
    edits: &'static [(&'static str, &'static str)],
    /// The delete operation.
    delete: (&'static str, &'static str),
    /// The path parameter of the edit and delete operations that takes the id.
    param: &'static str,
    /// Where the id comes from.
    created: Created,
    /// Body fields that get [`PREFIX`]: the names that make the thing recognisable.
    labels: &'static [&'static str],
    /// Changes to the example body beyond the labels.
    adjust: fn(&mut Map<String, Value>, &Discovered),
}

/// The listing that tells new API keys from old ones.
const KEYS_LIST: (&str, &str) = ("GET", "rest-api/keys");

/// The sequences, in the order they run.
const SEQUENCES: &[Sequence] = &[
    Sequence {
        what: "tag",
        create: ("POST", "tags/add"),
        edits: &[("PUT", "tags/{id}/edit")],
        delete: ("DELETE", "tags/{id}/remove"),
        param: "id",
        created: Created::Answer(data_id),
        labels: &["name"],
        adjust: keep,
    },
    Sequence {
        what: "API key",
        create: ("POST", "rest-api/add-key"),
        edits: &[("PUT", "rest-api/edit-key/{key_identifier}")],
        delete: ("DELETE", "rest-api/delete-key/{key_identifier}"),
        param: "key_identifier",
        created: Created::NewApiKey,
        labels: &["description"],
        adjust: keep,
    },
    Sequence {
        what: "client",
        create: ("POST", "clients/add"),
        edits: &[("PUT", "clients/{id_email}/edit")],
        delete: ("DELETE", "clients/{id_email}/remove"),
        param: "id_email",
        created: Created::Answer(data_id),
        labels: &["name"],
        adjust: client_body,
    },
    Sequence {
        what: "cost",
        create: ("POST", "costs/add"),
        edits: &[("PUT", "costs/{id}/edit")],
        delete: ("DELETE", "costs/{id}/remove"),
        param: "id",
        created: Created::Answer(data_id),
        labels: &["name"],
        adjust: cost_body,
    },
    Sequence {
        what: "client field",
        create: ("POST", "clients/fields/add"),
        edits: &[("PUT", "clients/fields/{id_name}/edit")],
        delete: ("DELETE", "clients/fields/{id_name}/delete"),
        param: "id_name",
        created: Created::Answer(data_field_id),
        labels: &["name"],
        adjust: keep,
    },
    Sequence {
        what: "cost tracker product type",
        create: ("POST", "settings/cost-tracker/product-types/add"),
        edits: &[("PUT", "settings/cost-tracker/product-types/{slug}/edit")],
        delete: (
            "DELETE",
            "settings/cost-tracker/product-types/{slug}/delete",
        ),
        param: "slug",
        created: Created::Answer(data_first_key),
        labels: &["title"],
        adjust: keep,
    },
    Sequence {
        what: "cost tracker payment method",
        create: ("POST", "settings/cost-tracker/payment-methods/add"),
        edits: &[("PUT", "settings/cost-tracker/payment-methods/{slug}/edit")],
        delete: (
            "DELETE",
            "settings/cost-tracker/payment-methods/{slug}/delete",
        ),
        param: "slug",
        created: Created::Answer(data_first_key),
        labels: &["title"],
        adjust: keep,
    },
];

/// The sync of one child site, the only call on child sites (`--include-child-sites`).
const SITE_SYNC: (&str, &str) = ("POST", "sites/{id_domain}/sync");

/// Runs every write sequence, then the site sync when asked.
pub async fn run_writes(session: &mut Session, discovered: &Discovered, include_child_sites: bool) {
    for sequence in SEQUENCES {
        run_sequence(session, sequence, discovered).await;
    }
    if include_child_sites {
        sync_one_site(session, discovered).await;
    }
}

/// The catalog operation with this method and path.
fn find((method, path): (&str, &str)) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|op| op.method == method && op.path == path)
}

/// The operations of a sequence, once found in the catalog.
struct Steps {
    create: &'static Operation,
    edits: Vec<&'static Operation>,
    delete: &'static Operation,
    keys_list: Option<&'static Operation>,
}

impl Sequence {
    /// Finds every operation of the sequence, or names the first one the catalog lacks.
    fn steps(&self) -> Result<Steps, String> {
        let lookup = |key: (&str, &str)| find(key).ok_or_else(|| format!("{} {}", key.0, key.1));
        let keys_list = match self.created {
            Created::NewApiKey => Some(lookup(KEYS_LIST)?),
            Created::Answer(_) => None,
        };
        Ok(Steps {
            create: lookup(self.create)?,
            edits: self
                .edits
                .iter()
                .map(|&e| lookup(e))
                .collect::<Result<_, _>>()?,
            delete: lookup(self.delete)?,
            keys_list,
        })
    }

    /// The body for one of its operations: the example's, with the labels prefixed.
    fn body(&self, op: &Operation, discovered: &Discovered) -> Option<Value> {
        let mut body: Value = serde_json::from_str(op.example_body?).ok()?;
        if let Value::Object(map) = &mut body {
            for &label in self.labels {
                let text = match map.get(label) {
                    Some(Value::String(s)) => format!("{PREFIX}{s}"),
                    _ => format!("{PREFIX}{}", self.what),
                };
                map.insert(label.to_owned(), Value::String(text));
            }
            (self.adjust)(map, discovered);
        }
        Some(body)
    }

    /// How the created thing is named in messages.
    fn describe(&self, id: &str) -> String {
        format!("{} `{id}`", self.what)
    }
}

/// Create, edit, delete; the delete runs whenever the create gave an id.
async fn run_sequence(session: &mut Session, sequence: &Sequence, discovered: &Discovered) {
    let steps = match sequence.steps() {
        Ok(steps) => steps,
        Err(missing) => {
            session.skip_named(
                Phase::Write,
                format!("{} sequence", sequence.what),
                missing.clone(),
                format!("`{missing}` is not in the catalog"),
            );
            return;
        }
    };
    let skip_rest = |session: &mut Session, reason: &str| {
        for edit in &steps.edits {
            session.skip(Phase::Write, edit, reason);
        }
        session.skip(Phase::Cleanup, steps.delete, reason);
    };

    // API keys: remember every key there is, the one of this check among them.
    let existing_keys = match steps.keys_list {
        Some(list) => match list_keys(session, list).await {
            Some(keys) => Some(keys),
            None => {
                let reason =
                    "the key listing failed, so a new key could not be told from existing ones";
                session.skip(Phase::Write, steps.create, reason);
                skip_rest(session, reason);
                return;
            }
        },
        None => None,
    };

    let create_call = Call {
        body: sequence.body(steps.create, discovered),
        ..Call::default()
    };
    let label = label_of(&create_call);
    let answer = session.call(Phase::Write, steps.create, create_call).await;
    let Some(answer) = answer else {
        match session.last_outcome() {
            Some(Outcome::Timeout | Outcome::Transport) => session.left_behind(format!(
                "perhaps created: {} `{label}` (the create request got no answer)",
                sequence.what
            )),
            // 2xx, but the answer neither decoded nor was kept whole: it was created.
            Some(Outcome::DecodeFailed) => session.left_behind(format!(
                "{} `{label}`: created, but its answer did not decode, so its id is unknown",
                sequence.what
            )),
            _ => {}
        }
        skip_rest(session, "the create step failed, nothing to edit or remove");
        return;
    };
    let id = match (sequence.created, &existing_keys, steps.keys_list) {
        (Created::Answer(read), _, _) => read(&answer),
        (Created::NewApiKey, Some(before), Some(list)) => {
            new_key(session, list, before, &label).await
        }
        _ => None,
    };
    let Some(id) = id else {
        session.left_behind(format!(
            "{} `{label}`: created, but its id could not be read, so it was not removed",
            sequence.what
        ));
        skip_rest(session, "the id of the created thing is unknown");
        return;
    };

    // From here on the thing exists: remove it whatever the edits do.
    let pending = Pending::new(sequence.describe(&id));
    let edits = AssertUnwindSafe(run_edits(session, sequence, &steps, &id, discovered))
        .catch_unwind()
        .await;
    let protected = existing_keys
        .as_ref()
        .is_some_and(|keys| keys.contains(&id));
    let removed = if protected {
        // Unreachable by construction; the check's own key must never be deleted.
        session.skip(
            Phase::Cleanup,
            steps.delete,
            "refusing to delete a key that existed before the check",
        );
        false
    } else {
        let call = Call {
            path: vec![(sequence.param.to_owned(), id.clone())],
            ..Call::default()
        };
        session
            .call(Phase::Cleanup, steps.delete, call)
            .await
            .is_some()
    };
    pending.disarm();
    if !removed {
        session.left_behind(format!(
            "{} (`{label}`): {} failed",
            sequence.describe(&id),
            operation_name(steps.delete)
        ));
    }
    if let Err(panic) = edits {
        std::panic::resume_unwind(panic);
    }
}

/// The edit steps; a failure is recorded and the next step runs.
async fn run_edits(
    session: &mut Session,
    sequence: &Sequence,
    steps: &Steps,
    id: &str,
    discovered: &Discovered,
) {
    for &edit in &steps.edits {
        let call = Call {
            path: vec![(sequence.param.to_owned(), id.to_owned())],
            query: Vec::new(),
            body: sequence.body(edit, discovered),
        };
        session.call(Phase::Write, edit, call).await;
    }
}

/// Syncs the first discovered site; without a discovered site nothing is synced.
async fn sync_one_site(session: &mut Session, discovered: &Discovered) {
    let Some(op) = find(SITE_SYNC) else {
        return;
    };
    let Some(site) = discovered.get(Slot::Site) else {
        session.skip(Phase::Write, op, "no site was discovered by the read pass");
        return;
    };
    let call = Call {
        path: vec![("id_domain".to_owned(), site.to_owned())],
        query: Vec::new(),
        body: op.example_body.and_then(|b| serde_json::from_str(b).ok()),
    };
    session.call(Phase::Write, op, call).await;
}

/// The ids of every API key, or `None` when the listing failed.
async fn list_keys(session: &mut Session, list: &Operation) -> Option<BTreeSet<String>> {
    let answer = session.call(Phase::Write, list, Call::default()).await?;
    Some(key_records(&answer).filter_map(|(id, _)| id).collect())
}

/// The id of the one key that is new since `before` and carries `description`.
async fn new_key(
    session: &mut Session,
    list: &Operation,
    before: &BTreeSet<String>,
    description: &str,
) -> Option<String> {
    let answer = session.call(Phase::Write, list, Call::default()).await?;
    let mut new: Vec<String> = key_records(&answer)
        .filter_map(|(id, record)| {
            let id = id?;
            let text = record.get("description").and_then(Value::as_str)?;
            (!before.contains(&id) && same_label(text, description)).then_some(id)
        })
        .collect();
    new.dedup();
    match new.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// The records of a key listing with their ids.
fn key_records(answer: &Value) -> impl Iterator<Item = (Option<String>, &Value)> {
    let records: Vec<&Value> = match answer.get("data") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    };
    records
        .into_iter()
        .map(|record| (record.get("id").and_then(id_text), record))
}

/// Whether a label as listed is the one sent (WordPress may encode `&` and quotes).
fn same_label(listed: &str, sent: &str) -> bool {
    let decode = |s: &str| {
        s.replace("&amp;", "&")
            .replace("&#039;", "'")
            .replace("&quot;", "\"")
    };
    decode(listed).trim() == sent.trim()
}

/// The label a create body carries: its first string member among the usual ones.
fn label_of(call: &Call) -> String {
    let body = call.body.as_ref();
    ["name", "title", "description"]
        .iter()
        .find_map(|k| body?.get(*k)?.as_str().map(str::to_owned))
        .unwrap_or_else(|| PREFIX.trim().to_owned())
}

/// `data.id`.
fn data_id(answer: &Value) -> Option<String> {
    id_text(answer.get("data")?.get("id")?)
}

/// `data.field_id`.
fn data_field_id(answer: &Value) -> Option<String> {
    id_text(answer.get("data")?.get("field_id")?)
}

/// The first key of `data`: product types and payment methods answer
/// `{"data": {"<slug>": ...}}`.
fn data_first_key(answer: &Value) -> Option<String> {
    let key = answer.get("data")?.as_object()?.keys().next()?;
    (!key.trim().is_empty()).then(|| key.clone())
}

/// No change beyond the labels.
fn keep(_: &mut Map<String, Value>, _: &Discovered) {}

/// A client of its own: an address of its own, and no sites (assigning sites would take
/// them away from their real client).
fn client_body(body: &mut Map<String, Value>, _: &Discovered) {
    body.remove("selected_sites");
    if let Some(Value::String(email)) = body.get_mut("client_email") {
        *email = format!("live-check-{email}");
    }
}

/// A cost on the discovered site only (the API wants a site, tag or client), and not on
/// the example's tags or clients.
fn cost_body(body: &mut Map<String, Value>, discovered: &Discovered) {
    body.remove("groups");
    body.remove("clients");
    if let Some(site) = discovered.get(Slot::Site) {
        let site = site
            .parse::<u64>()
            .map_or_else(|_| Value::from(site), Value::from);
        body.insert("sites".to_owned(), Value::Array(vec![site]));
    }
    if let Some(Value::String(slug)) = body.get_mut("product_slug") {
        *slug = format!("live-check-{slug}");
    }
}

/// Says on stderr what was left behind when a sequence is abandoned (a panic, or the
/// run being cancelled) between its create and its delete.
struct Pending {
    what: Option<String>,
}

impl Pending {
    fn new(what: String) -> Pending {
        Pending { what: Some(what) }
    }

    fn disarm(mut self) {
        self.what = None;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(what) = &self.what {
            eprintln!(
                "live-check: stopped before removing the {what} it created; remove it by hand"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_step_is_in_the_catalog_with_a_typed_call() {
        let mut steps: Vec<(&str, &str)> = vec![SITE_SYNC, KEYS_LIST];
        for sequence in SEQUENCES {
            assert!(sequence.steps().is_ok(), "{}", sequence.what);
            steps.push(sequence.create);
            steps.extend_from_slice(sequence.edits);
            steps.push(sequence.delete);
        }
        for step in steps {
            let op = find(step).expect("in the catalog");
            assert!(
                crate::operations::entry_for(op).is_some(),
                "no typed call for {} {}",
                step.0,
                step.1
            );
        }
    }

    #[test]
    fn bodies_are_labelled_and_keep_real_things_out() {
        let mut discovered = Discovered::default();
        let sites = find(("GET", "sites")).unwrap();
        discovered.learn(sites, &json!({"data": [{"id": "7"}]}));
        let clients = &SEQUENCES[2];
        let body = clients
            .body(find(clients.create).unwrap(), &discovered)
            .unwrap();
        assert!(body["name"].as_str().unwrap().starts_with(PREFIX));
        assert!(body.get("selected_sites").is_none());
        let costs = &SEQUENCES[3];
        let body = costs
            .body(find(costs.create).unwrap(), &discovered)
            .unwrap();
        assert_eq!(body["sites"], json!([7]));
        assert!(body.get("clients").is_none() && body.get("groups").is_none());
    }

    #[test]
    fn ids_come_from_the_create_answers() {
        assert_eq!(data_id(&json!({"data": {"id": "3"}})), Some("3".into()));
        assert_eq!(
            data_first_key(&json!({"data": {"live-check-domain": {"title": "x"}}})),
            Some("live-check-domain".into())
        );
        assert_eq!(
            data_field_id(&json!({"data": {"field_id": 4}})),
            Some("4".into())
        );
    }

    #[test]
    fn labels_match_through_html_entities() {
        assert!(same_label("live-check Q&amp;A", "live-check Q&A"));
        assert!(!same_label("Automation key", "live-check Form key"));
    }
}
