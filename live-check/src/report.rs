//! What a run found: one row per call, what a write sequence could not remove, and the
//! verdict; rendered as a table for people or as JSON for tools.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::expectations::Expectations;

/// Which part of the run made a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// The read-only pass over every GET operation.
    Read,
    /// A step of a write sequence (`--write`), or the child-site sync.
    Write,
    /// The step of a write sequence that removes what it created.
    Cleanup,
}

impl Phase {
    /// The name shown in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::Write => "write",
            Phase::Cleanup => "cleanup",
        }
    }
}

/// How one call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// 2xx, and the answer decoded into the operation's typed response.
    Ok,
    /// 2xx (or JSON meant as an answer), but the typed response could not be decoded:
    /// the generated types are wrong for this server.
    DecodeFailed,
    /// 2xx with `"success": 0`: the server refused without an error status.
    Rejected,
    /// A WordPress error object with an error status.
    ApiError,
    /// An answer that is not what a REST API sends (an HTML page, a PHP notice, ...).
    UnexpectedBody,
    /// No answer within the client's timeout.
    Timeout,
    /// The request could not be sent or the answer not read.
    Transport,
    /// Anything else the client reported (an invalid request, say).
    Other,
    /// Not attempted; the detail says why.
    Skipped,
}

impl Outcome {
    /// Every outcome, in the order the summary lists them.
    pub const ALL: [Outcome; 9] = [
        Outcome::Ok,
        Outcome::DecodeFailed,
        Outcome::Rejected,
        Outcome::ApiError,
        Outcome::UnexpectedBody,
        Outcome::Timeout,
        Outcome::Transport,
        Outcome::Other,
        Outcome::Skipped,
    ];

    /// The name shown in the table and written to JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::DecodeFailed => "decode-failed",
            Outcome::Rejected => "rejected",
            Outcome::ApiError => "api-error",
            Outcome::UnexpectedBody => "unexpected-body",
            Outcome::Timeout => "timeout",
            Outcome::Transport => "transport",
            Outcome::Other => "other",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One call (or one call not made).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Read pass, write step or cleanup.
    pub phase: Phase,
    /// `resource / name` of the catalog operation, e.g. `Sites / List sites`.
    pub operation: String,
    /// `METHOD path-template` of the operation, e.g. `GET sites/{id_domain}`: how the
    /// expectations file names it.
    pub route: String,
    /// Method and path as called, below the API root, with the query, e.g.
    /// `GET sites/1/plugins`.
    pub call: String,
    /// `2xx` for a success, the HTTP status of a failure, `-` without an answer.
    pub status: String,
    /// How it ended.
    pub outcome: Outcome,
    /// For `decode-failed`: the JSON path of the value that did not fit (`.` for the root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
    /// For `api-error`: the WordPress error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The server's or serde's message, or why the call was skipped.
    pub detail: String,
    /// For a failure the expectations list: the reason it is expected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl Row {
    /// Whether the server has no such route (`404 rest_no_route`): the answer of a
    /// Dashboard without the extension that provides it, or of a version without it.
    pub fn is_missing_route(&self) -> bool {
        self.outcome == Outcome::ApiError && self.code.as_deref() == Some("rest_no_route")
    }

    /// Whether the server answered at all.
    pub fn got_answer(&self) -> bool {
        self.status != "-"
    }

    /// Whether this is a write (not a GET) of a write sequence that the server refused
    /// for the key's permissions.
    fn is_refused_write(&self) -> bool {
        self.phase != Phase::Read
            && !self.route.starts_with("GET ")
            && matches!(self.status.as_str(), "401" | "403")
    }

    /// Whether this is a write (not a GET) that the server carried out.
    fn is_done_write(&self) -> bool {
        self.phase != Phase::Read && !self.route.starts_with("GET ") && self.got_answer() && {
            matches!(self.outcome, Outcome::Ok | Outcome::DecodeFailed)
        }
    }

    /// Whether the call failed in a way an expectations file may list.
    fn is_listable_failure(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::ApiError | Outcome::Rejected | Outcome::DecodeFailed
        )
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Rows, skipped ones included.
    pub total: usize,
    /// Rows per outcome, keyed by the outcome's name.
    pub outcomes: std::collections::BTreeMap<&'static str, usize>,
    /// `api-error` rows that are `404 rest_no_route` (no such route: an extension that is not installed, or a route this
    /// Dashboard version lacks).
    pub missing_routes: usize,
    /// Things a write sequence created and could not remove.
    pub leftovers: usize,
    /// Failures the expectations file lists (counted under their outcome as well).
    pub expected: usize,
    /// Why the run failed, one line each; empty when it passed.
    pub problems: Vec<String>,
    /// Whether the run passed (see [`Report::passed`]).
    pub passed: bool,
}

impl Summary {
    /// The count of one outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.outcomes.get(outcome.as_str()).copied().unwrap_or(0)
    }
}

/// Everything a run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// One row per operation attempted (or skipped), in the order of the calls.
    pub rows: Vec<Row>,
    /// Things the write sequences created and could not remove; remove them by hand.
    pub leftovers: Vec<String>,
    /// The expectations file the run was judged by, when there was one (strict mode).
    pub expectations_file: Option<PathBuf>,
    /// Entries of the expectations file whose operation answered `ok`.
    pub now_passing: Vec<String>,
}

impl Report {
    /// Marks the failures `expectations` lists, and notes the listed operations that
    /// answered `ok`. From here on every failure it does not list fails the run.
    pub fn apply_expectations(&mut self, expectations: &Expectations) {
        for row in &mut self.rows {
            if !row.is_listable_failure() || row.is_refused_write() {
                continue;
            }
            if let Some(entry) = expectations.find(&row.route) {
                if entry.matches(row.outcome, row.code.as_deref()) {
                    row.expected = Some(entry.reason.clone());
                }
            }
        }
        let file = expectations.source.display();
        for entry in &expectations.expected {
            let passing = self
                .rows
                .iter()
                .any(|r| r.route == entry.operation && r.outcome == Outcome::Ok);
            if passing {
                self.now_passing.push(format!(
                    "`{}` is listed as expected to fail ({}) but answered ok: remove it from {file}",
                    entry.operation, entry.reason
                ));
            }
        }
        self.expectations_file = Some(expectations.source.clone());
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        let mut outcomes: std::collections::BTreeMap<&'static str, usize> =
            Outcome::ALL.iter().map(|o| (o.as_str(), 0)).collect();
        for row in &self.rows {
            *outcomes.entry(row.outcome.as_str()).or_default() += 1;
        }
        let problems = self.problems();
        Summary {
            total: self.rows.len(),
            outcomes,
            missing_routes: self.rows.iter().filter(|r| r.is_missing_route()).count(),
            leftovers: self.leftovers.len(),
            expected: self.rows.iter().filter(|r| r.expected.is_some()).count(),
            passed: problems.is_empty(),
            problems,
        }
    }

    /// Why the run failed, one line each:
    ///
    /// - an answer that did not decode (unless the expectations list it);
    /// - a call without a usable answer (an HTML page, a timeout, no connection);
    /// - a write the key was not allowed to make (`--write` with a Read key);
    /// - something a write sequence could not remove;
    /// - nothing decoded at all (a refused key, an unreachable server);
    /// - with an expectations file: a failure it does not list, an operation it lists
    ///   that answered `ok`, or a read that was not made.
    ///
    /// Without an expectations file, API errors and rejections alone are reported, not
    /// failures: they are the server's answer, and the client turned them into the right
    /// error.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let unlisted = |r: &&Row| r.expected.is_none();
        let calls = |rows: &[&Row]| {
            rows.iter()
                .map(|r| format!("`{}`", r.call))
                .collect::<Vec<_>>()
                .join(", ")
        };

        let undecoded: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.outcome == Outcome::DecodeFailed)
            .filter(unlisted)
            .collect();
        if !undecoded.is_empty() {
            problems.push(format!(
                "{} answers did not decode into the generated types: {}",
                undecoded.len(),
                calls(&undecoded)
            ));
        }

        let unusable: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    Outcome::UnexpectedBody
                        | Outcome::Timeout
                        | Outcome::Transport
                        | Outcome::Other
                )
            })
            .collect();
        if !unusable.is_empty() && self.rows.iter().any(Row::got_answer) {
            problems.push(format!(
                "{} calls got no usable answer (not JSON, timed out or no connection): {}",
                unusable.len(),
                calls(&unusable)
            ));
        }

        let refused: Vec<&Row> = self.rows.iter().filter(|r| r.is_refused_write()).collect();
        if !refused.is_empty() {
            if self.rows.iter().any(Row::is_done_write) {
                problems.push(format!(
                    "{} writes were refused for the key's permissions (HTTP 401/403): {}",
                    refused.len(),
                    calls(&refused)
                ));
            } else {
                problems.push(format!(
                    "the key may not write: all {} writes answered HTTP 401/403, so nothing was \
                     written and the write sequences checked nothing; --write needs a key with \
                     Read + Write + Delete",
                    refused.len()
                ));
            }
        }

        if let Some(file) = &self.expectations_file {
            let failures: Vec<&Row> = self
                .rows
                .iter()
                .filter(|r| {
                    matches!(r.outcome, Outcome::ApiError | Outcome::Rejected)
                        && !r.is_refused_write()
                })
                .filter(unlisted)
                .collect();
            if !failures.is_empty() {
                problems.push(format!(
                    "{} failures are not listed in {}: {}",
                    failures.len(),
                    file.display(),
                    calls(&failures)
                ));
            }
            problems.extend(self.now_passing.iter().cloned());
            // A read that was never made checked nothing; only the write steps after a
            // failed create (itself a failure above) may be skipped.
            let not_called: Vec<&Row> = self
                .rows
                .iter()
                .filter(|r| r.phase == Phase::Read && r.outcome == Outcome::Skipped)
                .collect();
            if !not_called.is_empty() {
                problems.push(format!(
                    "{} operations were not called: {}",
                    not_called.len(),
                    calls(&not_called)
                ));
            }
        }

        for leftover in &self.leftovers {
            problems.push(format!("left behind, remove by hand: {leftover}"));
        }

        if !self.rows.iter().any(|r| r.outcome == Outcome::Ok) {
            problems.push(if self.rows.iter().any(Row::got_answer) {
                "no answer could be checked, every call failed".to_owned()
            } else {
                "the server never answered".to_owned()
            });
        }
        problems
    }

    /// The verdict: no problem (see [`Report::problems`]).
    pub fn passed(&self) -> bool {
        self.problems().is_empty()
    }

    /// The process exit status for this report: 0 when it passed, else 1.
    pub fn exit_code(&self) -> i32 {
        if self.passed() {
            0
        } else {
            1
        }
    }

    /// The report as JSON: `{"rows": [...], "leftovers": [...], "summary": {...}}`.
    pub fn to_json(&self) -> Value {
        json!({
            "rows": self.rows,
            "leftovers": self.leftovers,
            "summary": self.summary(),
        })
    }

    /// The report as a plain-text table with a summary below it. Long details are
    /// wrapped onto the following lines of the DETAIL column, never cut.
    pub fn to_table(&self) -> String {
        const DETAIL_WIDTH: usize = 100;
        let headers = ["PHASE", "OPERATION", "CALL", "STATUS", "OUTCOME", "DETAIL"];
        let cells: Vec<([String; 5], Vec<String>)> = self
            .rows
            .iter()
            .map(|row| {
                (
                    [
                        row.phase.as_str().to_owned(),
                        row.operation.clone(),
                        row.call.clone(),
                        row.status.clone(),
                        row.outcome.as_str().to_owned(),
                    ],
                    wrap(&table_detail(row), DETAIL_WIDTH),
                )
            })
            .collect();
        let mut widths = [0; 5];
        for (width, header) in widths.iter_mut().zip(headers) {
            *width = header.chars().count();
        }
        for (line, _) in &cells {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut push_line = |cells: [&str; 5], detail: &str| {
            let mut line = String::new();
            for (cell, width) in cells.iter().zip(widths) {
                let _ = write!(line, "{cell:<width$}  ");
            }
            line.push_str(detail);
            out.push_str(line.trim_end());
            out.push('\n');
        };
        push_line(
            [headers[0], headers[1], headers[2], headers[3], headers[4]],
            headers[5],
        );
        for (line, detail) in &cells {
            let mut detail_lines = detail.iter().map(String::as_str);
            push_line(
                line.each_ref().map(String::as_str),
                detail_lines.next().unwrap_or_default(),
            );
            for more in detail_lines {
                push_line([""; 5], more);
            }
        }
        out.push('\n');
        out.push_str(&self.summary_text());
        out
    }

    /// The lines below the table: counts, notes, leftovers, verdict.
    fn summary_text(&self) -> String {
        let summary = self.summary();
        let counts: Vec<String> = Outcome::ALL
            .iter()
            .map(|&o| (o, summary.count(o)))
            .filter(|&(o, n)| n > 0 || o == Outcome::Ok || o == Outcome::DecodeFailed)
            .map(|(o, n)| format!("{n} {}", o.as_str()))
            .collect();
        let mut out = format!("{} operations: {}", summary.total, counts.join(", "));
        if summary.missing_routes > 0 {
            let _ = write!(
                out,
                " ({} api-error rows are 404 rest_no_route: no such route on this Dashboard)",
                summary.missing_routes
            );
        }
        out.push('\n');
        if let Some(file) = &self.expectations_file {
            let _ = writeln!(
                out,
                "{} failures are expected, as listed in {}",
                summary.expected,
                file.display()
            );
        }
        for (status, meaning) in [
            (
                "401",
                "the server refused the key (writes need Read + Write + Delete)",
            ),
            (
                "403",
                "the key lacks the permission (writes need Read + Write + Delete)",
            ),
        ] {
            let n = self.rows.iter().filter(|r| r.status == status).count();
            if n > 0 {
                let _ = writeln!(out, "note: HTTP {status} on {n} calls: {meaning}");
            }
        }
        if summary.problems.is_empty() {
            out.push_str("PASS: every answer decoded");
            if self.expectations_file.is_some() {
                out.push_str(", every failure is expected");
            }
            out.push('\n');
        }
        for problem in &summary.problems {
            let _ = writeln!(out, "FAIL: {problem}");
        }
        out
    }
}

/// The detail column: the JSON path first for decode failures, the code for API errors,
/// and the reason when the failure is expected.
fn table_detail(row: &Row) -> String {
    let mut detail = match (&row.json_path, &row.code) {
        (Some(path), _) => format!("at `{path}`: {}", row.detail),
        (None, Some(code)) => format!("{code}: {}", row.detail),
        (None, None) => row.detail.clone(),
    };
    if let Some(reason) = &row.expected {
        let _ = write!(detail, " (expected: {reason})");
    }
    detail
}

/// `text` as lines of at most `width` columns (longer words stay whole), whitespace
/// runs and line breaks folded into single spaces first.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return Vec::new();
    }
    let options = textwrap::Options::new(width).break_words(false);
    textwrap::wrap(&one_line, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: Outcome, status: &str) -> Row {
        Row {
            phase: Phase::Read,
            operation: "Sites / List sites".into(),
            route: "GET sites".into(),
            call: "GET sites".into(),
            status: status.into(),
            outcome,
            json_path: None,
            code: None,
            detail: String::new(),
            expected: None,
        }
    }

    #[test]
    fn decode_failures_and_leftovers_fail_the_run() {
        let mut report = Report {
            rows: vec![row(Outcome::Ok, "2xx"), row(Outcome::ApiError, "404")],
            ..Report::default()
        };
        assert!(report.passed());
        report.rows.push(row(Outcome::DecodeFailed, "2xx"));
        assert_eq!(report.exit_code(), 1);
        report.rows.pop();
        report.leftovers.push("tag 3".into());
        assert!(!report.passed());
    }

    #[test]
    fn a_run_where_nothing_decoded_fails() {
        let report = Report {
            rows: vec![row(Outcome::Transport, "-")],
            ..Report::default()
        };
        assert!(!report.passed());
        assert!(report.to_table().contains("never answered"));
        let report = Report {
            rows: vec![row(Outcome::ApiError, "401")],
            ..Report::default()
        };
        assert!(!report.passed());
        assert!(report.to_table().contains("refused the key"));
    }

    #[test]
    fn with_expectations_a_read_not_made_fails_the_run() {
        let mut report = Report {
            rows: vec![row(Outcome::Ok, "2xx"), row(Outcome::Skipped, "-")],
            ..Report::default()
        };
        assert!(report.passed(), "without a list a skip is only reported");
        report.apply_expectations(&Expectations::default());
        assert_eq!(
            report.problems(),
            ["1 operations were not called: `GET sites`"]
        );
    }

    #[test]
    fn wraps_long_details_without_losing_a_word() {
        let text = "invalid value: string \"2026-11-01 00:00:00\",\n expected an integer";
        let lines = wrap(text, 20);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(
            lines.join(" "),
            "invalid value: string \"2026-11-01 00:00:00\", expected an integer"
        );
    }
}
