//! `--seed`: adds, through the API, the data that makes captured answers show what lists
//! and maps look like with none, one and several entries: three tags (two on the site),
//! three clients (one with the site), two client fields, a product type, two payment
//! methods, three costs (monthly, yearly on a client, lifetime without renewals) and two
//! posts on the child (one with custom fields). Only what is missing is added, found by
//! name, so seeding twice changes nothing.

use anyhow::{bail, Result};
use serde_json::{json, Value};

use super::collection::Body;
use super::discovery::id_text;
use super::Session;

const TAGS: &[(&str, &str)] = &[
    ("Lab Production", "#1e88e5"),
    ("Lab Staging", "#fb8c00"),
    ("Seed Archive", "#8e24aa"),
];

/// The tags the site carries, so that its `tags` map has two keys.
const SITE_TAGS: &[&str] = &["Lab Production", "Lab Staging"];

const CLIENTS: &[(&str, &str, &str)] = &[
    ("Lab Client", "client@lab.invalid", "Berlin"),
    ("Seed Client Two", "two@seed.lab.invalid", "Hamburg"),
    ("Seed Client Three", "three@seed.lab.invalid", "Munich"),
];

/// The client the site belongs to.
const SITE_CLIENT: &str = "Lab Client";

const FIELDS: &[(&str, &str)] = &[
    ("seed_contract", "Contract number"),
    ("seed_region", "Sales region"),
];

const PRODUCT_TYPE: (&str, &str) = ("seed-domain", "Seed Domain");
const PAYMENT_METHODS: &[(&str, &str)] =
    &[("seed-invoice", "Seed Invoice"), ("seed-card", "Seed Card")];

const POSTS: &[&str] = &["Seed post with custom fields", "Seed plain post"];

pub fn run(session: &mut Session) -> Result<()> {
    session.note("seeding");
    let Some(sites) = get(session, "GET sites", Vec::new()) else {
        bail!(
            "seeding: `GET sites` failed; is the key valid and does it have the Read permission?"
        );
    };
    let Some(site) = records(&sites)
        .first()
        .and_then(|s| s.get("id"))
        .and_then(id_text)
    else {
        bail!("seeding: the Dashboard has no child site");
    };

    let tags = ensure_named(
        session,
        "GET tags",
        "name",
        TAGS.iter()
            .map(|&(name, color)| (name, json!({"name": name, "color": color}))),
    );
    let clients = ensure_named(
        session,
        "GET clients",
        "name",
        CLIENTS.iter().map(|&(name, email, city)| {
            (
                name,
                json!({"name": name, "client_email": email, "city": city, "country": "DE"}),
            )
        }),
    );
    attach_site(session, &site, &tags, &clients);
    seed_fields(session);
    seed_cost_settings(session);
    seed_costs(session, &site, &clients);
    seed_posts(session, &site);
    Ok(())
}

/// The JSON of a successful GET, not kept as an example.
fn get(session: &mut Session, key: &str, path: Vec<(String, String)>) -> Option<Value> {
    session.call_key(key, path, None, false)
}

/// The records of a list answer (`data` as an array or an object keyed by id).
fn records(answer: &Value) -> Vec<&Value> {
    match answer.get("data") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    }
}

/// Creates each `(name, body)` the list lacks (`create` is the list's route + `/add`);
/// returns every wanted name with its id.
fn ensure_named<'a>(
    session: &mut Session,
    list: &str,
    member: &str,
    wanted: impl Iterator<Item = (&'a str, Value)>,
) -> Vec<(&'a str, String)> {
    let create = format!("POST {}/add", list.trim_start_matches("GET "));
    let existing: Vec<(String, String)> = get(session, list, Vec::new())
        .map(|answer| {
            records(&answer)
                .iter()
                .filter_map(|r| {
                    Some((
                        r.get(member)?.as_str()?.to_string(),
                        r.get("id").and_then(id_text)?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, body) in wanted {
        if let Some((_, id)) = existing.iter().find(|(n, _)| n == name) {
            out.push((name, id.clone()));
            continue;
        }
        session.note(format!("seed: {create} `{name}`"));
        let answer = session.call_key(&create, Vec::new(), Some(Body::Json(body)), false);
        match answer
            .as_ref()
            .and_then(|a| a.get("data")?.get("id"))
            .and_then(id_text)
        {
            Some(id) => out.push((name, id)),
            None => session.note(format!("seed: could not create `{name}`")),
        }
    }
    out
}

fn id_of<'a>(named: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    named
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, id)| id.as_str())
}

/// Puts the site on its two tags and its client. The edit route resets what it is not
/// sent (the client when only tags are sent), so both go together.
fn attach_site(
    session: &mut Session,
    site: &str,
    tags: &[(&str, String)],
    clients: &[(&str, String)],
) {
    let path = vec![("id_domain".to_string(), site.to_string())];
    let Some(current) = get(session, "GET sites/{id_domain}", path.clone()) else {
        return;
    };
    let data = &current["data"];
    let tag_ids: Vec<&str> = SITE_TAGS.iter().filter_map(|t| id_of(tags, t)).collect();
    let has_tags = tag_ids.iter().all(|id| data["tags"].get(*id).is_some());
    let client = id_of(clients, SITE_CLIENT);
    let has_client = client.is_some_and(|c| data["client_id"].as_str() == Some(c));
    if has_tags && has_client {
        return;
    }
    session.note("seed: PUT sites/{id_domain}/edit (tags and client)");
    let mut body = json!({"groupids": tag_ids.join(",")});
    if let Some(client) = client.and_then(|c| c.parse::<u64>().ok()) {
        body["client_id"] = json!(client);
    }
    session.call_key(
        "PUT sites/{id_domain}/edit",
        path,
        Some(Body::Json(body)),
        false,
    );
}

fn seed_fields(session: &mut Session) {
    let existing: Vec<String> = get(session, "GET clients/fields", Vec::new())
        .map(|a| {
            records(&a)
                .iter()
                .filter_map(|r| {
                    r.get("field_name")
                        .or_else(|| r.get("name"))?
                        .as_str()
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    for &(name, description) in FIELDS {
        if existing.iter().any(|n| n == name) {
            continue;
        }
        session.note(format!("seed: POST clients/fields/add `{name}`"));
        // This route reads form fields only.
        let body = Body::Form(vec![
            ("name".to_string(), name.to_string()),
            ("description".to_string(), description.to_string()),
        ]);
        session.call_key("POST clients/fields/add", Vec::new(), Some(body), false);
    }
}

fn seed_cost_settings(session: &mut Session) {
    let Some(settings) = get(session, "GET settings/cost-tracker", Vec::new()) else {
        return;
    };
    // Product types come as a list of records with a `slug`; payment methods as an
    // object keyed by slug (or `[]` when there are none).
    let slugs = |member: &str| -> Vec<String> {
        match &settings["data"][member] {
            Value::Array(items) => items
                .iter()
                .filter_map(|r| r.get("slug")?.as_str().map(str::to_string))
                .collect(),
            Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let (types, methods) = (slugs("product_categories"), slugs("payment_methods"));
    let (slug, title) = PRODUCT_TYPE;
    if !types.iter().any(|s| s == slug) {
        session.note(format!("seed: product type `{title}`"));
        let body = json!({"title": title, "color": "#3949ab", "icon": "deficon:globe"});
        session.call_key(
            "POST settings/cost-tracker/product-types/add",
            Vec::new(),
            Some(Body::Json(body)),
            false,
        );
    }
    for &(slug, title) in PAYMENT_METHODS {
        if !methods.iter().any(|s| s == slug) {
            session.note(format!("seed: payment method `{title}`"));
            session.call_key(
                "POST settings/cost-tracker/payment-methods/add",
                Vec::new(),
                Some(Body::Json(json!({"title": title}))),
                false,
            );
        }
    }
}

fn seed_costs(session: &mut Session, site: &str, clients: &[(&str, String)]) {
    let site = site
        .parse::<u64>()
        .map_or_else(|_| json!(site), |n| json!(n));
    let client = id_of(clients, SITE_CLIENT)
        .and_then(|c| c.parse::<u64>().ok())
        .map_or_else(|| json!([]), |c| json!([c]));
    let base =
        |name: &str, price: u32, payment: &str, product: &str, method: &str, renewal: &str| {
            json!({
                "name": name,
                "price": price,
                "payment_type": payment,
                "product_type": product,
                "license_type": "single",
                "cost_tracker_status": "active",
                "product_color": "#aabbcc",
                "payment_method": method,
                "renewal_type": renewal,
            })
        };
    let mut hosting = base(
        "Lab Hosting",
        25,
        "subscription",
        "hosting",
        "paypal",
        "monthly",
    );
    hosting["last_renewal"] = json!("2026-11-01");
    hosting["sites"] = json!([site]);
    let mut domain = base(
        "Seed Domain Name",
        12,
        "subscription",
        PRODUCT_TYPE.0,
        "seed-invoice",
        "yearly",
    );
    domain["last_renewal"] = json!("2026-03-15");
    domain["clients"] = client;
    let mut license = base(
        "Seed Plugin License",
        199,
        "lifetime",
        "plugin",
        "seed-card",
        "disabled",
    );
    license["sites"] = json!([site]);
    let costs = [
        ("Lab Hosting", hosting),
        ("Seed Domain Name", domain),
        ("Seed Plugin License", license),
    ];
    ensure_named(session, "GET costs", "name", costs.into_iter());
}

/// Posts are found by title in the site's recent posts, which a sync refreshes.
fn seed_posts(session: &mut Session, site: &str) {
    let path = vec![("id_domain".to_string(), site.to_string())];
    session.call_key(
        "POST sites/{id_domain}/sync",
        path.clone(),
        Some(Body::Json(json!({}))),
        false,
    );
    let titles: Vec<String> = get(session, "GET sites/{id_domain}", path.clone())
        .and_then(|a| a["data"]["recent_posts"].as_str().map(str::to_string))
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .map(|posts| {
            posts
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("title")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut created = false;
    for (i, &title) in POSTS.iter().enumerate() {
        if titles.iter().any(|t| t == title) {
            continue;
        }
        session.note(format!("seed: post `{title}`"));
        let mut body = json!({
            "post_title": title,
            "post_content": "<!-- wp:paragraph -->\n<p>Seeded for captured examples.</p>\n<!-- /wp:paragraph -->",
            "post_status": "publish",
            "post_name": format!("seed-post-{}", i + 1),
        });
        if i == 0 {
            body["post_custom"] = json!({
                "_seed_subtitle": ["Autumn range"],
                "seed_rating": ["5"],
            });
        }
        let answer = session.call_key(
            "POST posts/{id_domain}/create",
            path.clone(),
            Some(Body::Json(body)),
            false,
        );
        created |= answer.is_some();
    }
    if created {
        session.call_key(
            "POST sites/{id_domain}/sync",
            path,
            Some(Body::Json(json!({}))),
            false,
        );
    }
}
