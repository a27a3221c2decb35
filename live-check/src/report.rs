//! What a run found: one row per call, what a write sequence could not remove, and the
//! verdict; rendered as a table for people or as JSON for tools.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{json, Value};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

impl Row {
    /// Whether the server has no such route: the answer of a Dashboard without the
    /// extension that provides it (`404 rest_no_route`).
    pub fn is_missing_route(&self) -> bool {
        self.outcome == Outcome::ApiError && self.code.as_deref() == Some("rest_no_route")
    }

    /// Whether the server answered at all.
    pub fn got_answer(&self) -> bool {
        self.status != "-"
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Rows, skipped ones included.
    pub total: usize,
    /// Rows per outcome, keyed by the outcome's name.
    pub outcomes: std::collections::BTreeMap<&'static str, usize>,
    /// `api-error` rows that are `404 rest_no_route` (an extension is not installed).
    pub missing_routes: usize,
    /// Things a write sequence created and could not remove.
    pub leftovers: usize,
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
}

impl Report {
    /// The counts.
    pub fn summary(&self) -> Summary {
        let mut outcomes: std::collections::BTreeMap<&'static str, usize> =
            Outcome::ALL.iter().map(|o| (o.as_str(), 0)).collect();
        for row in &self.rows {
            *outcomes.entry(row.outcome.as_str()).or_default() += 1;
        }
        Summary {
            total: self.rows.len(),
            outcomes,
            missing_routes: self.rows.iter().filter(|r| r.is_missing_route()).count(),
            leftovers: self.leftovers.len(),
            passed: self.passed(),
        }
    }

    /// The verdict: no answer failed to decode, every write sequence removed what it
    /// created, and at least one answer decoded (a run where every call failed, say for a
    /// refused key or an unreachable server, checked nothing). API errors and rejections
    /// are otherwise reported, not failures: they are the server's answer, and the client
    /// turned them into the right error.
    pub fn passed(&self) -> bool {
        let decode_failed = self.rows.iter().any(|r| r.outcome == Outcome::DecodeFailed);
        let decoded = self.rows.iter().any(|r| r.outcome == Outcome::Ok);
        !decode_failed && self.leftovers.is_empty() && decoded
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

    /// The report as a plain-text table with a summary below it.
    pub fn to_table(&self) -> String {
        const DETAIL_WIDTH: usize = 110;
        let headers = ["PHASE", "OPERATION", "CALL", "STATUS", "OUTCOME", "DETAIL"];
        let cells: Vec<[String; 6]> = self
            .rows
            .iter()
            .map(|row| {
                [
                    row.phase.as_str().to_owned(),
                    row.operation.clone(),
                    row.call.clone(),
                    row.status.clone(),
                    row.outcome.as_str().to_owned(),
                    shorten(&table_detail(row), DETAIL_WIDTH),
                ]
            })
            .collect();
        let mut widths = headers.map(|h| h.chars().count());
        for line in &cells {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut push_line = |cells: &[&str]| {
            let mut line = String::new();
            for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    line.push_str(cell);
                } else {
                    let _ = write!(line, "{cell:<width$}  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        };
        push_line(&headers);
        for line in &cells {
            push_line(&line.each_ref().map(String::as_str));
        }
        out.push('\n');
        out.push_str(&self.summary_text());
        out
    }

    /// The lines below the table: counts, leftovers, verdict.
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
                " ({} api-error rows are 404 rest_no_route: extensions not installed)",
                summary.missing_routes
            );
        }
        out.push('\n');
        for (status, meaning) in [
            ("401", "the server refused the key"),
            (
                "403",
                "the key lacks the permission (writes need Write & Delete)",
            ),
        ] {
            let n = self.rows.iter().filter(|r| r.status == status).count();
            if n > 0 {
                let _ = writeln!(out, "note: HTTP {status} on {n} calls: {meaning}");
            }
        }
        for leftover in &self.leftovers {
            let _ = writeln!(out, "left behind, remove by hand: {leftover}");
        }
        let verdict = if summary.passed {
            "PASS: every answer decoded"
        } else if summary.count(Outcome::DecodeFailed) > 0 {
            "FAIL: some answers did not decode into the generated types"
        } else if !self.leftovers.is_empty() {
            "FAIL: a write sequence could not remove what it created"
        } else if self.rows.iter().any(Row::got_answer) {
            "FAIL: no answer could be checked, every call failed"
        } else {
            "FAIL: the server never answered"
        };
        out.push_str(verdict);
        out.push('\n');
        out
    }
}

/// The detail column: the JSON path first for decode failures, the code for API errors.
fn table_detail(row: &Row) -> String {
    match (&row.json_path, &row.code) {
        (Some(path), _) => format!("at `{path}`: {}", row.detail),
        (None, Some(code)) => format!("{code}: {}", row.detail),
        (None, None) => row.detail.clone(),
    }
}

/// `text` on one line, cut to `max` characters.
fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: Outcome, status: &str) -> Row {
        Row {
            phase: Phase::Read,
            operation: "Sites / List sites".into(),
            call: "GET sites".into(),
            status: status.into(),
            outcome,
            json_path: None,
            code: None,
            detail: String::new(),
        }
    }

    #[test]
    fn decode_failures_and_leftovers_fail_the_run() {
        let mut report = Report {
            rows: vec![row(Outcome::Ok, "2xx"), row(Outcome::ApiError, "404")],
            leftovers: vec![],
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
            leftovers: vec![],
        };
        assert!(!report.passed());
        assert!(report.to_table().contains("never answered"));
        let report = Report {
            rows: vec![row(Outcome::ApiError, "401")],
            leftovers: vec![],
        };
        assert!(!report.passed());
        assert!(report.to_table().contains("refused the key"));
    }

    #[test]
    fn shortens_on_characters() {
        assert_eq!(shorten("é é é", 3), "é …");
        assert_eq!(shorten("a\nb", 10), "a b");
    }
}
