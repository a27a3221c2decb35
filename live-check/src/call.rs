//! One call of one catalog operation: prepare it through the typed builder
//! ([`operations`](crate::operations)), send it, and record a row.

use mainwp::catalog::Operation;
use mainwp::{Client, Error};
use serde_json::Value;

use crate::operations::entry_for;
pub use crate::operations::Call;
use crate::report::{Outcome, Phase, Report, Row};
use crate::secrets::Secrets;

/// The client, the secrets to keep out of the report, and the report being written.
#[derive(Debug)]
pub struct Session {
    client: Client,
    /// Secrets to scrub from every row.
    pub secrets: Secrets,
    /// The rows so far.
    pub report: Report,
}

impl Session {
    /// A session with an empty report.
    pub fn new(client: Client, secrets: Secrets) -> Session {
        Session {
            client,
            secrets,
            report: Report::default(),
        }
    }

    /// Calls `op` through its typed builder and records one row. Returns the answer as
    /// JSON when the server answered 2xx, so that ids can be read from it: the typed
    /// answer serialized back, or, when it did not decode, the body the error kept (when
    /// it kept all of it). A create whose answer does not fit the generated type has
    /// still created something, and the write sequence must still remove it.
    pub async fn call(&mut self, phase: Phase, op: &Operation, call: Call) -> Option<Value> {
        let Some(entry) = entry_for(op) else {
            self.skip(
                phase,
                op,
                "live-check has no typed call for this operation (see operations.rs)",
            );
            return None;
        };
        // A clone shares the connection pool; it frees `self` for the rows below.
        let client = self.client.clone();
        let prepared = match (entry.invoke)(&client, &call) {
            Ok(prepared) => prepared,
            Err(reason) => {
                self.skip(phase, op, reason);
                return None;
            }
        };
        let shown = prepared.shown;
        let (status, outcome, answer) = match prepared.answer.await {
            Ok(value) => ("2xx".to_owned(), None, Some(value)),
            Err(error) => {
                let body = undecoded_body(&error);
                (status_of(&error), Some(error), body)
            }
        };
        if let Some(value) = &answer {
            self.secrets.add_from_answer(value);
        }
        let row = match outcome {
            None => Row {
                phase,
                operation: operation_name(op),
                route: route_of(op),
                call: self.secrets.scrub(&shown),
                status,
                outcome: Outcome::Ok,
                json_path: None,
                code: None,
                detail: String::new(),
                expected: None,
            },
            Some(error) => self.error_row(phase, op, shown, status, &error),
        };
        self.report.rows.push(row);
        answer
    }

    /// Records an operation that was not attempted.
    pub fn skip(&mut self, phase: Phase, op: &Operation, reason: impl Into<String>) {
        self.skip_named(phase, operation_name(op), route_of(op), reason);
    }

    /// Records a call that was not attempted, by name (for operations the catalog lacks).
    pub fn skip_named(
        &mut self,
        phase: Phase,
        operation: String,
        call: String,
        reason: impl Into<String>,
    ) {
        let row = Row {
            phase,
            operation,
            route: call.clone(),
            call,
            status: "-".to_owned(),
            outcome: Outcome::Skipped,
            json_path: None,
            code: None,
            detail: self.secrets.scrub(&reason.into()),
            expected: None,
        };
        self.report.rows.push(row);
    }

    /// The outcome of the last call recorded.
    pub fn last_outcome(&self) -> Option<Outcome> {
        self.report.rows.last().map(|row| row.outcome)
    }

    /// Records something a write sequence left on the server.
    pub fn left_behind(&mut self, what: String) {
        let what = self.secrets.scrub(&what);
        self.report.leftovers.push(what);
    }

    /// The row for a failed call (or an answer that did not decode).
    fn error_row(
        &self,
        phase: Phase,
        op: &Operation,
        call: String,
        status: String,
        error: &Error,
    ) -> Row {
        let (outcome, json_path, code, detail) = match error {
            Error::Decode { path, source, .. } => (
                Outcome::DecodeFailed,
                Some(path.clone()),
                None,
                source.to_string(),
            ),
            Error::Rejected { message, .. } => (Outcome::Rejected, None, None, message.clone()),
            Error::Api { code, message, .. } => {
                (Outcome::ApiError, None, Some(code.clone()), message.clone())
            }
            Error::UnexpectedBody {
                content_type,
                snippet,
                ..
            } => (
                Outcome::UnexpectedBody,
                None,
                None,
                format!(
                    "content type {}: {snippet}",
                    content_type.as_deref().unwrap_or("none")
                ),
            ),
            Error::Timeout => (Outcome::Timeout, None, None, error.to_string()),
            Error::Transport(_) => (Outcome::Transport, None, None, error_chain(error)),
            other => (Outcome::Other, None, None, error_chain(other)),
        };
        Row {
            phase,
            operation: operation_name(op),
            route: route_of(op),
            call: self.secrets.scrub(&call),
            status,
            outcome,
            json_path: json_path.map(|p| self.secrets.scrub(&p)),
            code: code.map(|c| self.secrets.scrub(&c)),
            detail: self.secrets.scrub(&detail),
            expected: None,
        }
    }
}

/// `Resource / Name` of an operation.
pub fn operation_name(op: &Operation) -> String {
    format!("{} / {}", op.resource, op.name)
}

/// `METHOD path-template` of an operation: how the expectations file names it.
pub fn route_of(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// The body of a 2xx answer that did not decode, when the error kept all of it (the
/// client keeps the first 512 bytes; a cut body does not parse).
fn undecoded_body(error: &Error) -> Option<Value> {
    match error {
        Error::Decode {
            status, snippet, ..
        } if (200..300).contains(status) => serde_json::from_str(snippet).ok(),
        _ => None,
    }
}

/// The status column of a failure.
fn status_of(error: &Error) -> String {
    error
        .status()
        .map_or_else(|| "-".to_owned(), |s| s.to_string())
}

/// An error's message followed by its sources.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
