//! One call of one catalog operation: build the request, send it, decode the answer into
//! the operation's typed response, and record a row.

use mainwp::catalog::Operation;
use mainwp::{Client, Error, Method, Request};
use serde_json::Value;

use crate::report::{Outcome, Phase, Report, Row};
use crate::secrets::Secrets;

/// What to send for one operation: values of its path parameters, query and body.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// Path parameter values, unencoded.
    pub path: Vec<(String, String)>,
    /// Query pairs, in order.
    pub query: Vec<(String, String)>,
    /// The body; sent form-encoded when the operation says so, else as JSON.
    pub body: Option<Value>,
}

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

    /// Calls `op` and records one row. Returns the answer when the server answered 2xx
    /// with JSON, whether or not it decoded into the typed response, so that ids can be
    /// read from it.
    pub async fn call(&mut self, phase: Phase, op: &Operation, call: Call) -> Option<Value> {
        let shown = shown_call(op, &call);
        let request = match request_for(op, &call) {
            Ok(request) => request,
            Err(reason) => {
                self.skip(phase, op, reason);
                return None;
            }
        };
        let (status, outcome, answer) = match self.client.execute::<Value>(request).await {
            Ok(value) => {
                self.secrets.add_from_answer(&value);
                let decoded = (op.decode)(value.clone());
                ("2xx".to_owned(), decoded.err(), Some(value))
            }
            Err(error) => (status_of(&error), Some(error), None),
        };
        let row = match outcome {
            None => Row {
                phase,
                operation: operation_name(op),
                call: self.secrets.scrub(&shown),
                status,
                outcome: Outcome::Ok,
                json_path: None,
                code: None,
                detail: String::new(),
            },
            Some(error) => self.error_row(phase, op, shown, status, &error),
        };
        self.report.rows.push(row);
        answer
    }

    /// Records an operation that was not attempted.
    pub fn skip(&mut self, phase: Phase, op: &Operation, reason: impl Into<String>) {
        let call = format!("{} {}", op.method, op.path);
        self.skip_named(phase, operation_name(op), call, reason);
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
            call,
            status: "-".to_owned(),
            outcome: Outcome::Skipped,
            json_path: None,
            code: None,
            detail: self.secrets.scrub(&reason.into()),
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
            call: self.secrets.scrub(&call),
            status,
            outcome,
            json_path: json_path.map(|p| self.secrets.scrub(&p)),
            code: code.map(|c| self.secrets.scrub(&c)),
            detail: self.secrets.scrub(&detail),
        }
    }
}

/// `Resource / Name` of an operation.
pub fn operation_name(op: &Operation) -> String {
    format!("{} / {}", op.resource, op.name)
}

/// The request for `op` with the values of `call`.
fn request_for(op: &Operation, call: &Call) -> Result<Request, String> {
    let method = Method::from_bytes(op.method.as_bytes())
        .map_err(|_| format!("unknown HTTP method `{}`", op.method))?;
    let mut request = Request::new(method, fill_path(op.path, &call.path, true)?);
    for (name, value) in &call.query {
        request = request.query(name, value);
    }
    if let Some(body) = &call.body {
        request = if op.form_body {
            request.form(body.clone())
        } else {
            request.json(body.clone())
        };
    }
    Ok(request)
}

/// The path template with its `{param}`s replaced, percent-encoded for sending or as is
/// for showing.
fn fill_path(template: &str, values: &[(String, String)], encode: bool) -> Result<String, String> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .ok_or_else(|| format!("unclosed parameter in `{template}`"))?;
        let name = &rest[start + 1..end];
        let value = values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("no value for path parameter `{name}`"))?;
        path.push_str(&rest[..start]);
        if encode {
            path.push_str(&mainwp::encode_path_segment(value));
        } else {
            path.push_str(value);
        }
        rest = &rest[end + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// `METHOD path?query` as shown in the report.
fn shown_call(op: &Operation, call: &Call) -> String {
    let path = fill_path(op.path, &call.path, false).unwrap_or_else(|_| op.path.to_owned());
    let query: Vec<String> = call.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if query.is_empty() {
        format!("{} {path}", op.method)
    } else {
        format!("{} {path}?{}", op.method, query.join("&"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes_path_parameters() {
        let values = vec![
            ("id_domain".to_owned(), "child.example.com".to_owned()),
            ("user_id".to_owned(), "a/b".to_owned()),
        ];
        assert_eq!(
            fill_path("users/{id_domain}/{user_id}/edit", &values, true).unwrap(),
            "users/child.example.com/a%2Fb/edit"
        );
        assert_eq!(
            fill_path("users/{id_domain}/{user_id}/edit", &values, false).unwrap(),
            "users/child.example.com/a/b/edit"
        );
        assert!(fill_path("tags/{id}", &[], true).is_err());
    }
}
