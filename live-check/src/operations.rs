//! How each operation is called: through the generated builder, with arguments for path
//! parameters, setters for query parameters and `.body(...)` for bodies, then
//! `.send().await`, exactly as a user of the `mainwp` crate calls it. What runs against
//! the real server is therefore the code users run (path encoding, query encoding, body
//! serialization, typed decoding), not a request rebuilt from the catalog's strings.
//!
//! The table is written by hand, one entry per operation live-check calls; a test checks
//! that every GET operation of [`mainwp::catalog::OPERATIONS`] and every step of the write
//! sequences has one, so no operation is left out silently.

use futures::future::BoxFuture;
use mainwp::catalog::Operation;
use mainwp::{Client, Error};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The values for one call: path parameters and query pairs by name, and the body as
/// JSON (turned into the operation's typed body before it is sent).
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// Path parameter values, unencoded (the builder encodes them).
    pub path: Vec<(String, String)>,
    /// Query pairs, in order; each is set with the builder's setter of that name.
    pub query: Vec<(String, String)>,
    /// The body.
    pub body: Option<Value>,
}

impl Call {
    /// The value of a path parameter.
    fn path(&self, name: &str) -> Result<&str, String> {
        self.path
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("no value for path parameter `{name}`"))
    }

    /// A path parameter the builder takes as a number.
    fn number(&self, name: &str) -> Result<i64, String> {
        let text = self.path(name)?;
        text.parse()
            .map_err(|_| format!("path parameter `{name}` needs a number, not `{text}`"))
    }

    /// The value of a query parameter, when the call sets it.
    fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as the operation's typed body (`T` is inferred from the builder's
    /// `.body(...)`); an absent body is the type's default.
    fn body<T: DeserializeOwned + Default>(&self) -> Result<T, String> {
        match &self.body {
            None => Ok(T::default()),
            Some(body) => serde_json::from_value(body.clone())
                .map_err(|e| format!("the body does not fit the typed body: {e}")),
        }
    }
}

impl Call {
    /// A member of the body as the type the operation's method takes it in: required body
    /// fields are arguments. A form sends text, so `"1"` is read as the number 1 when the
    /// argument is a number.
    fn arg<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let value = self
            .body
            .as_ref()
            .and_then(|b| b.get(name))
            .ok_or_else(|| format!("the body has no `{name}`, which the request requires"))?;
        serde_json::from_value(value.clone())
            .or_else(|err| match value {
                Value::String(text) => serde_json::from_str(text).map_err(|_| err),
                _ => Err(err),
            })
            .map_err(|e| format!("body member `{name}` does not fit its argument: {e}"))
    }

    /// The whole body, for operations whose body has required fields (and so no default).
    fn full_body<T: DeserializeOwned>(&self) -> Result<T, String> {
        let body = self.body.clone().ok_or("the request requires a body")?;
        serde_json::from_value(body)
            .map_err(|e| format!("the body does not fit the typed body: {e}"))
    }
}

/// A call ready to go: what it is shown as, and the answer to come.
pub struct Prepared<'a> {
    /// `METHOD path?query`, the path as the builder encoded it.
    pub shown: String,
    /// The typed answer, serialized back to JSON so that ids can be read from it.
    pub answer: BoxFuture<'a, Result<Value, Error>>,
}

/// Prepares the call of one operation on `client`, or says why it cannot be made.
pub type Invoke = for<'a> fn(&'a Client, &Call) -> Result<Prepared<'a>, String>;

/// One operation and how to call it.
pub struct Entry {
    /// HTTP method, as in the catalog.
    pub method: &'static str,
    /// Path template, as in the catalog.
    pub path: &'static str,
    /// The call through the builder.
    pub invoke: Invoke,
}

/// The entry for a catalog operation.
pub fn entry_for(op: &Operation) -> Option<&'static Entry> {
    ENTRIES
        .iter()
        .find(|e| e.method == op.method && e.path == op.path)
}

/// The typed answer as JSON. The answer types keep unknown members in `extra` maps, so
/// nothing the server sent is lost for reading ids; a type that cannot be serialized
/// (none is known) only means no ids are learnt from it.
fn to_json<T: Serialize>(answer: T) -> Value {
    serde_json::to_value(answer).unwrap_or(Value::Null)
}

/// `METHOD path?query` of the builder's request.
fn shown(request: &mainwp::Request, call: &Call) -> String {
    let query: Vec<String> = call.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let path = request.path().trim_start_matches('/');
    if query.is_empty() {
        format!("{} {path}", request.method())
    } else {
        format!("{} {path}?{}", request.method(), query.join("&"))
    }
}

/// Sends a finished builder: shows its request, then `.send().await`.
macro_rules! send {
    ($builder:expr, $call:expr) => {{
        let builder = $builder;
        let request = builder.to_request().map_err(|e| e.to_string())?;
        Ok(Prepared {
            shown: shown(&request, $call),
            answer: Box::pin(async move { builder.send().await.map(to_json) }),
        })
    }};
}

/// Applies the query setters named, for the query pairs the call has.
macro_rules! with_query {
    ($builder:expr, $call:expr, [$($setter:ident),* $(,)?]) => {{
        let mut builder = $builder;
        $(
            if let Some(value) = $call.query(stringify!($setter)) {
                builder = builder.$setter(value);
            }
        )*
        builder
    }};
}

/// Shorthand for a table entry.
const fn entry(method: &'static str, path: &'static str, invoke: Invoke) -> Entry {
    Entry {
        method,
        path,
        invoke,
    }
}

/// Every operation live-check calls, in catalog order.
pub const ENTRIES: &[Entry] = &[
    // Sites
    entry("GET", "sites", |c, k| send!(c.sites().list(), k)),
    entry("GET", "sites/basic", |c, k| {
        send!(c.sites().list_basic(), k)
    }),
    entry("GET", "sites/count", |c, k| send!(c.sites().count(), k)),
    entry("GET", "sites/{id_domain}", |c, k| {
        send!(c.sites().get(k.path("id_domain")?), k)
    }),
    entry("POST", "sites/{id_domain}/sync", |c, k| {
        send!(c.sites().sync(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/security", |c, k| {
        send!(c.sites().get_security(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/non-mainwp-changes", |c, k| {
        send!(c.sites().list_non_main_wp_changes(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/client", |c, k| {
        send!(c.sites().get_client(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/costs", |c, k| {
        send!(c.sites().list_costs(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/plugins", |c, k| {
        send!(c.sites().plugins().list(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/plugins/abandoned", |c, k| {
        send!(c.sites().plugins().list_abandoned(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/themes", |c, k| {
        send!(c.sites().themes().list(k.path("id_domain")?), k)
    }),
    entry("GET", "sites/{id_domain}/themes/abandoned", |c, k| {
        send!(c.sites().themes().list_abandoned(k.path("id_domain")?), k)
    }),
    // Clients
    entry("GET", "clients", |c, k| send!(c.clients().list(), k)),
    entry("GET", "clients/count", |c, k| send!(c.clients().count(), k)),
    entry("POST", "clients/add", |c, k| {
        send!(
            c.clients()
                .create(k.arg::<String>("name")?)
                .body(k.full_body()?),
            k
        )
    }),
    entry("GET", "clients/{id_email}", |c, k| {
        send!(c.clients().get(k.path("id_email")?), k)
    }),
    entry("PUT", "clients/{id_email}/edit", |c, k| {
        send!(c.clients().update(k.path("id_email")?).body(k.body()?), k)
    }),
    entry("DELETE", "clients/{id_email}/remove", |c, k| {
        send!(c.clients().delete(k.path("id_email")?), k)
    }),
    entry("GET", "clients/{id_email}/sites", |c, k| {
        send!(c.clients().list_sites(k.path("id_email")?), k)
    }),
    entry("GET", "clients/{id_email}/costs", |c, k| {
        send!(c.clients().list_costs(k.path("id_email")?), k)
    }),
    entry("GET", "clients/{id_email}/sites/count", |c, k| {
        send!(c.clients().count_sites(k.path("id_email")?), k)
    }),
    entry("GET", "clients/fields", |c, k| {
        send!(c.clients().fields().list(), k)
    }),
    entry("POST", "clients/fields/add", |c, k| {
        send!(
            c.clients()
                .fields()
                .create(k.arg::<String>("name")?, k.arg::<String>("description")?)
                .body(k.full_body()?),
            k
        )
    }),
    entry("PUT", "clients/fields/{id_name}/edit", |c, k| {
        send!(
            c.clients()
                .fields()
                .update(k.path("id_name")?)
                .body(k.body()?),
            k
        )
    }),
    entry("DELETE", "clients/fields/{id_name}/delete", |c, k| {
        send!(c.clients().fields().delete(k.path("id_name")?), k)
    }),
    // Tags
    entry("GET", "tags", |c, k| send!(c.tags().list(), k)),
    entry("GET", "tags/{id}", |c, k| {
        send!(c.tags().get(k.number("id")?), k)
    }),
    entry("POST", "tags/add", |c, k| {
        send!(
            c.tags()
                .create(k.arg::<String>("name")?)
                .body(k.full_body()?),
            k
        )
    }),
    entry("PUT", "tags/{id}/edit", |c, k| {
        send!(c.tags().update(k.number("id")?).body(k.body()?), k)
    }),
    entry("DELETE", "tags/{id}/remove", |c, k| {
        send!(c.tags().delete(k.number("id")?), k)
    }),
    entry("GET", "tags/{id}/sites", |c, k| {
        send!(c.tags().list_sites(k.number("id")?), k)
    }),
    entry("GET", "tags/{id}/clients", |c, k| {
        send!(c.tags().list_clients(k.number("id")?), k)
    }),
    // Updates
    entry("GET", "updates", |c, k| send!(c.updates().list(), k)),
    entry("GET", "updates/{id_domain}", |c, k| {
        send!(c.updates().get_site(k.path("id_domain")?), k)
    }),
    entry("GET", "updates/ignored", |c, k| {
        send!(c.updates().list_ignored(), k)
    }),
    entry("GET", "updates/{id_domain}/ignored", |c, k| {
        send!(c.updates().list_site_ignored(k.path("id_domain")?), k)
    }),
    // Costs
    entry("GET", "costs", |c, k| send!(c.costs().list(), k)),
    entry("POST", "costs/add", |c, k| {
        send!(
            c.costs()
                .create(
                    k.arg::<String>("name")?,
                    k.arg("price")?,
                    k.arg::<String>("payment_type")?,
                    k.arg::<String>("product_type")?,
                    k.arg::<String>("license_type")?,
                    k.arg::<String>("cost_tracker_status")?,
                    k.arg::<String>("product_color")?,
                    k.arg::<String>("payment_method")?,
                    k.arg::<String>("renewal_type")?
                )
                .body(k.full_body()?),
            k
        )
    }),
    entry("GET", "costs/{id}", |c, k| {
        send!(c.costs().get(k.number("id")?), k)
    }),
    entry("PUT", "costs/{id}/edit", |c, k| {
        send!(
            c.costs()
                .update(
                    k.number("id")?,
                    k.arg::<String>("name")?,
                    k.arg("price")?,
                    k.arg::<String>("payment_type")?,
                    k.arg::<String>("product_type")?,
                    k.arg::<String>("license_type")?,
                    k.arg::<String>("cost_tracker_status")?,
                    k.arg::<String>("product_color")?,
                    k.arg::<String>("payment_method")?,
                    k.arg::<String>("renewal_type")?
                )
                .body(k.full_body()?),
            k
        )
    }),
    entry("DELETE", "costs/{id}/remove", |c, k| {
        send!(c.costs().delete(k.number("id")?), k)
    }),
    entry("GET", "costs/{id}/sites", |c, k| {
        send!(c.costs().list_sites(k.number("id")?), k)
    }),
    entry("GET", "costs/{id}/clients", |c, k| {
        send!(c.costs().list_clients(k.number("id")?), k)
    }),
    // Users
    entry("GET", "users", |c, k| {
        send!(with_query!(c.users().list(), k, [websites]), k)
    }),
    // Settings
    entry("GET", "settings/general", |c, k| {
        send!(c.settings().get_general(), k)
    }),
    entry("GET", "settings/advanced", |c, k| {
        send!(c.settings().get_advanced(), k)
    }),
    entry("GET", "settings/monitoring", |c, k| {
        send!(c.settings().get_monitoring(), k)
    }),
    entry("GET", "settings/emails", |c, k| {
        send!(c.settings().get_email(), k)
    }),
    entry("GET", "settings/dashboard-insights", |c, k| {
        send!(c.settings().get_dashboard_insights(), k)
    }),
    entry("GET", "settings/api-backups", |c, k| {
        send!(c.settings().get_api_backup(), k)
    }),
    entry("GET", "settings/cost-tracker", |c, k| {
        send!(c.settings().cost_tracker().get(), k)
    }),
    entry("POST", "settings/cost-tracker/product-types/add", |c, k| {
        send!(
            c.settings()
                .cost_tracker()
                .add_product_type()
                .body(k.body()?),
            k
        )
    }),
    entry(
        "PUT",
        "settings/cost-tracker/product-types/{slug}/edit",
        |c, k| {
            send!(
                c.settings()
                    .cost_tracker()
                    .update_product_type(k.path("slug")?)
                    .body(k.body()?),
                k
            )
        },
    ),
    entry(
        "DELETE",
        "settings/cost-tracker/product-types/{slug}/delete",
        |c, k| {
            send!(
                c.settings()
                    .cost_tracker()
                    .delete_product_type(k.path("slug")?),
                k
            )
        },
    ),
    entry(
        "POST",
        "settings/cost-tracker/payment-methods/add",
        |c, k| {
            send!(
                c.settings()
                    .cost_tracker()
                    .add_payment_method()
                    .body(k.body()?),
                k
            )
        },
    ),
    entry(
        "PUT",
        "settings/cost-tracker/payment-methods/{slug}/edit",
        |c, k| {
            send!(
                c.settings()
                    .cost_tracker()
                    .update_payment_method(k.path("slug")?)
                    .body(k.body()?),
                k
            )
        },
    ),
    entry(
        "DELETE",
        "settings/cost-tracker/payment-methods/{slug}/delete",
        |c, k| {
            send!(
                c.settings()
                    .cost_tracker()
                    .delete_payment_method(k.path("slug")?),
                k
            )
        },
    ),
    entry("GET", "settings/tools", |c, k| {
        send!(c.settings().tools().get(), k)
    }),
    entry(
        "GET",
        "settings/tools/destroy-sessions-status/{destroy_id}",
        |c, k| {
            send!(
                c.settings()
                    .tools()
                    .get_destroy_sessions_status(k.path("destroy_id")?),
                k
            )
        },
    ),
    entry(
        "GET",
        "settings/tools/renew-connections-status/{renew_id}",
        |c, k| {
            send!(
                c.settings()
                    .tools()
                    .get_renew_connections_status(k.path("renew_id")?),
                k
            )
        },
    ),
    entry(
        "GET",
        "settings/tools/disconnect-all-sites-status/{disconnect_id}",
        |c, k| {
            send!(
                c.settings()
                    .tools()
                    .get_disconnect_all_sites_status(k.path("disconnect_id")?),
                k
            )
        },
    ),
    // Monitors
    entry("GET", "monitors", |c, k| send!(c.monitors().list(), k)),
    entry("GET", "monitors/basic", |c, k| {
        send!(c.monitors().list_basic(), k)
    }),
    entry("GET", "monitors/count", |c, k| {
        send!(c.monitors().count(), k)
    }),
    entry("GET", "monitors/{id_domain}", |c, k| {
        send!(c.monitors().get(k.path("id_domain")?), k)
    }),
    entry("GET", "monitors/{id_domain}/basic", |c, k| {
        send!(c.monitors().get_basic(k.path("id_domain")?), k)
    }),
    entry("GET", "monitors/{id_domain}/heartbeat", |c, k| {
        send!(c.monitors().get_heartbeats(k.path("id_domain")?), k)
    }),
    entry("GET", "monitors/{id_domain}/incidents", |c, k| {
        send!(c.monitors().list_incidents(k.path("id_domain")?), k)
    }),
    entry("GET", "monitors/{id_domain}/incidents/count", |c, k| {
        send!(c.monitors().count_incidents(k.path("id_domain")?), k)
    }),
    // API Keys
    entry("GET", "rest-api/keys", |c, k| send!(c.api_keys().list(), k)),
    entry("POST", "rest-api/add-key", |c, k| {
        send!(
            c.api_keys()
                .create(k.arg("active")?, k.arg::<String>("permissions")?)
                .body(k.full_body()?),
            k
        )
    }),
    entry("PUT", "rest-api/edit-key/{key_identifier}", |c, k| {
        send!(
            c.api_keys()
                .update(k.path("key_identifier")?)
                .body(k.body()?),
            k
        )
    }),
    entry("DELETE", "rest-api/delete-key/{key_identifier}", |c, k| {
        send!(c.api_keys().delete(k.path("key_identifier")?), k)
    }),
    // Posts
    entry("GET", "posts", |c, k| {
        send!(with_query!(c.posts().list(), k, [websites, status]), k)
    }),
    entry("GET", "posts/{id_domain}/{id_post}", |c, k| {
        send!(c.posts().get(k.path("id_domain")?, k.path("id_post")?), k)
    }),
    // Pages
    entry("GET", "pages", |c, k| {
        send!(with_query!(c.pages().list(), k, [websites, status]), k)
    }),
    entry("GET", "pages/{id_domain}/{id_page}", |c, k| {
        send!(c.pages().get(k.path("id_domain")?, k.path("id_page")?), k)
    }),
    // Comments
    entry("GET", "comments", |c, k| {
        send!(with_query!(c.comments().list(), k, [websites, status]), k)
    }),
    entry("GET", "comments/{id_domain}", |c, k| {
        send!(
            with_query!(
                c.comments().list_site(k.path("id_domain")?),
                k,
                [websites, status]
            ),
            k
        )
    }),
    // Time Tracker
    entry("GET", "time-tracker", |c, k| {
        send!(c.time_tracker().list_tasks(), k)
    }),
    entry("GET", "time-tracker/buckets", |c, k| {
        send!(c.time_tracker().list_buckets(), k)
    }),
    entry("GET", "time-tracker/buckets/{id}", |c, k| {
        send!(c.time_tracker().get_bucket(k.number("id")?), k)
    }),
    entry("GET", "time-tracker/clients", |c, k| {
        send!(c.time_tracker().list_clients(), k)
    }),
    entry("GET", "time-tracker/clients/{id_email}", |c, k| {
        send!(c.time_tracker().get_client(k.path("id_email")?), k)
    }),
    entry("GET", "time-tracker/clients/{id_email}/buckets", |c, k| {
        send!(c.time_tracker().list_client_buckets(k.path("id_email")?), k)
    }),
    entry("GET", "time-tracker/clients/{id_email}/settings", |c, k| {
        send!(c.time_tracker().get_client_settings(k.path("id_email")?), k)
    }),
    entry("GET", "time-tracker/clients/{id_email}/tasks", |c, k| {
        send!(c.time_tracker().list_client_tasks(k.path("id_email")?), k)
    }),
    entry("GET", "time-tracker/settings", |c, k| {
        send!(c.time_tracker().get_settings(), k)
    }),
    entry("GET", "time-tracker/sites/{id_domain}/tasks", |c, k| {
        send!(c.time_tracker().list_site_tasks(k.path("id_domain")?), k)
    }),
    entry("GET", "time-tracker/tasks/{id}", |c, k| {
        send!(c.time_tracker().get_task(k.number("id")?), k)
    }),
    // SSL Monitor
    entry("GET", "ssl-monitor/info", |c, k| {
        send!(c.ssl_monitor().list_certificates(), k)
    }),
    entry("GET", "ssl-monitor/info/{id_domain}", |c, k| {
        send!(
            c.ssl_monitor().get_site_certificate(k.path("id_domain")?),
            k
        )
    }),
    entry("GET", "ssl-monitor/{id_domain}", |c, k| {
        send!(
            c.ssl_monitor()
                .get_certificate_details(k.path("id_domain")?),
            k
        )
    }),
    // Domain Monitor
    entry("GET", "domain-monitor/profiles", |c, k| {
        send!(c.domain_monitor().list_domain_profiles(), k)
    }),
    entry("GET", "domain-monitor/profiles/{id_domain}", |c, k| {
        send!(
            c.domain_monitor().get_domain_profile(k.path("id_domain")?),
            k
        )
    }),
    // Lighthouse
    entry("GET", "lighthouse/results", |c, k| {
        send!(c.lighthouse().list_results(), k)
    }),
    entry("GET", "lighthouse/results/{id_domain}", |c, k| {
        send!(c.lighthouse().get_site_results(k.path("id_domain")?), k)
    }),
    // Pro Reports
    entry("GET", "pro-reports/{id_domain}/{report}", |c, k| {
        send!(
            with_query!(
                c.pro_reports()
                    .get_report_data(k.path("id_domain")?, k.path("report")?),
                k,
                [start_date, end_date, action]
            ),
            k
        )
    }),
];

#[cfg(test)]
mod tests {
    use super::*;
    use mainwp::catalog::{Access, OPERATIONS};

    #[test]
    fn every_get_operation_of_the_catalog_has_a_typed_call() {
        let missing: Vec<String> = OPERATIONS
            .iter()
            .filter(|op| op.access == Access::Read && op.method == "GET")
            .filter(|op| entry_for(op).is_none())
            .map(|op| format!("{} {}", op.method, op.path))
            .collect();
        assert!(missing.is_empty(), "no entry in ENTRIES for {missing:?}");
    }

    #[test]
    fn every_entry_is_a_catalog_operation_listed_once() {
        for (index, entry) in ENTRIES.iter().enumerate() {
            let in_catalog = OPERATIONS
                .iter()
                .any(|op| op.method == entry.method && op.path == entry.path);
            assert!(
                in_catalog,
                "{} {} is not in the catalog",
                entry.method, entry.path
            );
            let first = ENTRIES
                .iter()
                .position(|e| e.method == entry.method && e.path == entry.path);
            assert_eq!(
                first,
                Some(index),
                "{} {} listed twice",
                entry.method,
                entry.path
            );
        }
    }

    #[test]
    fn a_call_is_refused_before_sending_when_a_number_is_not_one() {
        let client = Client::new("http://127.0.0.1:9", "t").unwrap();
        let get_tag = ENTRIES.iter().find(|e| e.path == "tags/{id}").unwrap();
        let call = Call {
            path: vec![("id".into(), "abc".into())],
            ..Call::default()
        };
        let refused = (get_tag.invoke)(&client, &call).err();
        assert_eq!(
            refused.as_deref(),
            Some("path parameter `id` needs a number, not `abc`")
        );
    }

    #[test]
    fn the_call_shown_is_the_builders_encoded_path_with_the_query_set() {
        let client = Client::new("http://127.0.0.1:9", "t").unwrap();
        let list_posts = ENTRIES.iter().find(|e| e.path == "posts").unwrap();
        let call = Call {
            query: vec![
                ("websites".into(), "1".into()),
                ("status".into(), "publish".into()),
            ],
            ..Call::default()
        };
        let prepared = (list_posts.invoke)(&client, &call).unwrap();
        assert_eq!(prepared.shown, "GET posts?websites=1&status=publish");
        let get_site = ENTRIES
            .iter()
            .find(|e| e.path == "sites/{id_domain}")
            .unwrap();
        let call = Call {
            path: vec![("id_domain".into(), "a b".into())],
            ..Call::default()
        };
        assert_eq!(
            (get_site.invoke)(&client, &call).unwrap().shown,
            "GET sites/a%20b"
        );
    }
}
