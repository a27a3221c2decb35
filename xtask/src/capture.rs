//! `cargo xtask capture`: calls the collection's requests against a real Dashboard and
//! saves the answers as saved examples (`Captured 200 OK`, ...) of those requests, so
//! that the generated types come from what the server really sends.
//!
//! Reads run always; writes only with `--write`, as create / edit / delete sequences that
//! remove what they made (see [`writes`]). `--seed` first adds the data that makes the
//! answers worth having (see [`seed`]). The token is read from an environment variable,
//! sent as a bearer header, and never written or printed.

mod collection;
mod discovery;
mod http;
mod seed;
mod writes;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use collection::{Answer, Body, Document, RequestSpec, Sent, CAPTURED_PREFIX};
use discovery::{Discovered, Slot};
use http::Sender;

#[derive(clap::Args)]
pub struct Args {
    /// The Dashboard's REST API root, e.g. `http://127.0.0.1:8080/wp-json/mainwp/v2`
    /// (a bare site address gets `/wp-json/mainwp/v2` added).
    #[arg(long)]
    base_url: String,
    /// The environment variable holding the API key (bearer token).
    #[arg(long)]
    token_env: String,
    /// Also run the write sequences (create, edit, delete); needs a key with the Read and
    /// the Write & Delete permissions.
    #[arg(long)]
    write: bool,
    /// First add the seed data (tags, clients, costs, posts, ...) that is missing.
    #[arg(long)]
    seed: bool,
    /// The collection to update (default: the one in `collection/`).
    #[arg(long)]
    collection: Option<PathBuf>,
}

/// What a capture run does.
pub struct Options {
    pub collection: PathBuf,
    pub base_url: String,
    pub token: String,
    pub write: bool,
    pub seed: bool,
}

pub fn run(args: &Args) -> Result<()> {
    let token = std::env::var(&args.token_env)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .with_context(|| format!("the environment variable {} is not set", args.token_env))?;
    let collection = match &args.collection {
        Some(path) => path.clone(),
        None => {
            crate::codegen::find_collection(&crate::codegen::workspace_root().join("collection"))?
        }
    };
    let options = Options {
        collection,
        base_url: api_root(&args.base_url),
        token: token.trim().to_string(),
        write: args.write,
        seed: args.seed,
    };
    let mut report = String::new();
    let result = capture(&options, &mut report);
    print!("{report}");
    let summary = result?;
    if summary.captured == 0 {
        bail!(
            "nothing was captured: is the Dashboard at {} and the key valid?",
            options.base_url
        );
    }
    Ok(())
}

/// `http://host` becomes `http://host/wp-json/mainwp/v2`; a URL that already names the
/// API root stays as it is.
pub fn api_root(base: &str) -> String {
    let base = base.trim_end_matches('/');
    if base.contains("/wp-json/") {
        base.to_string()
    } else {
        format!("{base}/wp-json/mainwp/v2")
    }
}

/// The counts of a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Requests with at least one 2xx answer saved.
    pub captured: usize,
    /// Requests not called; their examples stay as they were.
    pub kept: usize,
    /// Requests called without a 2xx answer (absent routes, errors); their hand-written
    /// examples stay.
    pub failed: usize,
    /// Invented success examples replaced by captured ones.
    pub replaced: usize,
}

/// Runs the capture and rewrites the collection; the per-request report goes to `report`.
pub fn capture(options: &Options, report: &mut String) -> Result<Summary> {
    let mut document = Document::load(&options.collection)?;
    let sender = Sender::new(&options.base_url, options.token.clone())?;
    let mut session = Session::new(&sender, document.requests(), report);
    if options.seed {
        seed::run(&mut session)?;
    }
    read_pass(&mut session);
    if options.write {
        writes::run(&mut session);
    }
    let Session {
        requests, records, ..
    } = session;
    let summary = apply(&mut document, &requests, records, options.write, report)?;
    document.save()?;
    let _ = writeln!(
        report,
        "{} requests: {} captured, {} kept, {} failed; {} invented success examples replaced",
        requests.len(),
        summary.captured,
        summary.kept,
        summary.failed,
        summary.replaced
    );
    Ok(summary)
}

/// The query parameter that names child sites.
const SITE_QUERY: &str = "websites";

/// One call and what came of it.
struct Record {
    sent: Sent,
    answer: Result<Answer, String>,
}

/// The requests, what was learnt, and every answer so far.
pub struct Session<'a> {
    sender: &'a Sender,
    requests: Vec<RequestSpec>,
    pub discovered: Discovered,
    records: BTreeMap<usize, Vec<Record>>,
    report: &'a mut String,
}

impl<'a> Session<'a> {
    fn new(sender: &'a Sender, requests: Vec<RequestSpec>, report: &'a mut String) -> Self {
        Session {
            sender,
            requests,
            discovered: Discovered::default(),
            records: BTreeMap::new(),
            report,
        }
    }

    /// The request with this `METHOD route` key.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.requests.iter().position(|r| r.key() == key)
    }

    pub fn request(&self, index: usize) -> &RequestSpec {
        &self.requests[index]
    }

    /// Sends request `index` and keeps the answer as an example when `keep` is set.
    /// Returns the JSON of a 2xx answer.
    pub fn call(&mut self, index: usize, sent: Sent, keep: bool) -> Option<Value> {
        let request = &self.requests[index];
        let answer = self
            .sender
            .send(request, &sent)
            .map_err(|e| format!("{e:#}"));
        let json = match &answer {
            Ok(answer) if answer.is_success() => answer.json(),
            Ok(_) => None,
            Err(message) => {
                let _ = writeln!(self.report, "  ! {message}");
                None
            }
        };
        if keep {
            self.records
                .entry(index)
                .or_default()
                .push(Record { sent, answer });
        }
        json
    }

    /// Sends the request named by `key` with the given path values and body, keeping
    /// the answer; `None` when the collection has no such request or it did not succeed.
    pub fn call_key(
        &mut self,
        key: &str,
        path_values: Vec<(String, String)>,
        body: Option<Body>,
        keep: bool,
    ) -> Option<Value> {
        let Some(index) = self.find(key) else {
            let _ = writeln!(self.report, "  ! the collection has no request `{key}`");
            return None;
        };
        let query = self.query(index);
        self.call(
            index,
            Sent {
                path_values,
                query,
                body,
            },
            keep,
        )
    }

    /// The request's enabled query, with the discovered site in `websites` (sent even
    /// where the collection leaves it disabled: site-wide lists such as `users` and
    /// `pages` answer 500 `no_website_found` without it).
    fn query(&self, index: usize) -> Vec<(String, String)> {
        let request = &self.requests[index];
        let mut query: Vec<(String, String)> = request
            .query
            .iter()
            .filter(|(k, _)| k != SITE_QUERY)
            .cloned()
            .collect();
        if let Some(site) = self.discovered.first(Slot::Site) {
            if request.query_names.iter().any(|k| k == SITE_QUERY) {
                query.push((SITE_QUERY.to_string(), site.to_string()));
            }
        }
        query
    }

    pub fn note(&mut self, line: impl AsRef<str>) {
        let _ = writeln!(self.report, "  {}", line.as_ref());
    }
}

/// Every GET: first those without path variables (the lists ids are learnt from), then
/// the others, once per discovered id (up to [`discovery::VARIANTS`]).
fn read_pass(session: &mut Session) {
    let gets: Vec<usize> = (0..session.requests.len())
        .filter(|&i| session.requests[i].method == "GET")
        .collect();
    let (lists, items): (Vec<usize>, Vec<usize>) = gets
        .into_iter()
        .partition(|&i| session.requests[i].path_params().is_empty());
    for index in lists {
        let sent = Sent {
            path_values: Vec::new(),
            query: session.query(index),
            body: None,
        };
        if let Some(answer) = session.call(index, sent, true) {
            let route = session.requests[index].route();
            session.discovered.learn(&route, &answer);
        }
    }
    for index in items {
        let request = session.requests[index].clone();
        let params = request.path_params();
        let variants = session.discovered.variants(&request.route(), &params, |p| {
            request.example_value(p).map(str::to_string)
        });
        for path_values in variants {
            let sent = Sent {
                path_values,
                query: session.query(index),
                body: None,
            };
            session.call(index, sent, true);
        }
    }
}

/// Writes the answers into the collection and reports one line per request.
fn apply(
    document: &mut Document,
    requests: &[RequestSpec],
    mut records: BTreeMap<usize, Vec<Record>>,
    wrote: bool,
    report: &mut String,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut refused_writes = 0;
    for (index, request) in requests.iter().enumerate() {
        let records = records.remove(&index).unwrap_or_default();
        refused_writes += records
            .iter()
            .filter(|r| {
                request.method != "GET"
                    && r.answer
                        .as_ref()
                        .is_ok_and(|a| matches!(a.status, 401 | 403))
            })
            .count();
        let line = |status: &str, detail: String| {
            format!(
                "{status:<9} {:<58} {detail}",
                format!("{} {}", request.method, request.route())
            )
        };
        if records.is_empty() {
            summary.kept += 1;
            let why = if request.method == "GET" || wrote {
                "not called"
            } else {
                "not called (writes run with --write)"
            };
            let _ = writeln!(report, "{}", line("kept", why.to_string()));
            continue;
        }
        let successes: Vec<&Record> = records
            .iter()
            .filter(|r| r.answer.as_ref().is_ok_and(Answer::is_success))
            .collect();
        // Without any 2xx answer, a real WordPress error is worth keeping too, unless it
        // only says that this Dashboard lacks the route or that the key is wrong.
        let to_save: Vec<&Record> = if successes.is_empty() {
            records
                .iter()
                .filter(|r| r.answer.as_ref().is_ok_and(is_saveable_error))
                .collect()
        } else {
            successes.clone()
        };
        if !to_save.is_empty() {
            let item = document
                .item_mut(&request.index)
                .with_context(|| format!("{}: the item moved", request.title))?;
            let names = example_names(&to_save);
            let examples: Vec<Value> = to_save
                .iter()
                .zip(&names)
                .filter_map(|(record, name)| {
                    let answer = record.answer.as_ref().ok()?;
                    Some(collection::example(item, name, &record.sent, answer))
                })
                .collect();
            let replaced = collection::merge_examples(item, examples);
            summary.replaced += replaced;
            if !successes.is_empty() {
                summary.captured += 1;
                let refused = successes
                    .iter()
                    .filter(|r| {
                        r.answer
                            .as_ref()
                            .ok()
                            .and_then(Answer::json)
                            .is_some_and(|v| collection::says_failure(&v))
                    })
                    .count();
                let detail = if refused == successes.len() {
                    format!(
                        "{} example(s), all saying `success: 0`: invented successes kept",
                        to_save.len()
                    )
                } else {
                    format!("{} example(s), {replaced} invented replaced", to_save.len())
                };
                let _ = writeln!(report, "{}", line("captured", detail));
                continue;
            }
        }
        summary.failed += 1;
        let first = records.first().map(|r| match &r.answer {
            Ok(answer) => format!(
                "{} {}",
                answer.status,
                answer.error_code().unwrap_or_else(|| answer.reason.clone())
            ),
            Err(message) => message.clone(),
        });
        let saved = if to_save.is_empty() {
            String::new()
        } else {
            "; the error answer is saved".to_string()
        };
        let _ = writeln!(
            report,
            "{}",
            line("failed", format!("{}{saved}", first.unwrap_or_default()))
        );
    }
    if refused_writes > 0 {
        let _ = writeln!(
            report,
            "{refused_writes} write request(s) answered 401/403: --write needs a key with Read + Write + Delete"
        );
    }
    Ok(summary)
}

/// A non-2xx answer in the WordPress error shape that says something about the route.
fn is_saveable_error(answer: &Answer) -> bool {
    let Some(body) = answer.json() else {
        return false;
    };
    let shaped =
        body["code"].is_string() && body["message"].is_string() && body.get("data").is_some();
    let code = body["code"].as_str().unwrap_or_default();
    shaped && !matches!(answer.status, 401 | 403) && code != "rest_no_route"
}

/// `Captured 200 OK`, with the path values when a request was captured several times,
/// and unique within the request.
fn example_names(records: &[&Record]) -> Vec<String> {
    let several = records.len() > 1;
    let mut names: Vec<String> = Vec::new();
    for record in records {
        let Ok(answer) = &record.answer else {
            names.push(format!("{CAPTURED_PREFIX} error"));
            continue;
        };
        let mut name = format!("{CAPTURED_PREFIX} {} {}", answer.status, answer.reason)
            .trim_end()
            .to_string();
        if several && !record.sent.path_values.is_empty() {
            let values: Vec<String> = record
                .sent
                .path_values
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            name = format!("{name}, {}", values.join(", "));
        }
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name);
    }
    names
}
