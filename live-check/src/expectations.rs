//! The reviewed list of operations that cannot pass on a given Dashboard, with the reason
//! for each (`live-check/expected-failures.toml` for the test Dashboard).
//!
//! With a list, a run is strict: every failure must be listed, with its outcome (and
//! code), and every listed operation that answers `ok` fails the run too, so that the list
//! is updated when the server or the client changes rather than going stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::Outcome;

/// One operation expected to fail.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `METHOD path-template`, as in the catalog: `GET monitors/{id_domain}`.
    pub operation: String,
    /// How it fails: `api-error`, `rejected` or `decode-failed`.
    pub outcome: Outcome,
    /// For `api-error`: the WordPress error code it answers with.
    #[serde(default)]
    pub code: Option<String>,
    /// Why it cannot pass here; shown in the report.
    pub reason: String,
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    /// The entries, in file order.
    #[serde(default)]
    pub expected: Vec<Expected>,
    /// Where they were read from, for messages.
    #[serde(skip)]
    pub source: PathBuf,
}

/// Why an expectations file cannot be used; every problem of the file is listed.
#[derive(Debug, thiserror::Error)]
pub enum ExpectationsError {
    /// The file could not be read.
    #[error("could not read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// Entries that do not make sense.
    #[error("{}: {}", path.display(), problems.join("; "))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// One line per problem, naming the entry.
        problems: Vec<String>,
    },
}

impl Expectations {
    /// Reads and checks a file.
    pub fn load(path: &Path) -> Result<Expectations, ExpectationsError> {
        let text = std::fs::read_to_string(path).map_err(|source| ExpectationsError::Read {
            path: path.to_owned(),
            source,
        })?;
        Expectations::parse(&text, path)
    }

    /// Parses and checks the text of a file read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Expectations, ExpectationsError> {
        let mut expectations: Expectations =
            toml::from_str(text).map_err(|e| ExpectationsError::Parse {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
        expectations.source = path.to_owned();
        let problems = expectations.problems();
        if problems.is_empty() {
            Ok(expectations)
        } else {
            Err(ExpectationsError::Invalid {
                path: path.to_owned(),
                problems,
            })
        }
    }

    /// Entries naming no operation of the catalog, listed twice, without a reason, or
    /// expecting an outcome that is not a failure the server gives.
    fn problems(&self) -> Vec<String> {
        let known: BTreeSet<String> = mainwp::catalog::OPERATIONS
            .iter()
            .map(|op| format!("{} {}", op.method, op.path))
            .collect();
        let mut seen = BTreeSet::new();
        let mut problems = Vec::new();
        for (index, entry) in self.expected.iter().enumerate() {
            let at = format!("entry {} (`{}`)", index + 1, entry.operation);
            if !known.contains(&entry.operation) {
                problems.push(format!(
                    "{at}: no such operation in the catalog (write `METHOD path`, e.g. `GET sites/{{id_domain}}`)"
                ));
            }
            if !seen.insert(entry.operation.as_str()) {
                problems.push(format!("{at}: listed more than once"));
            }
            if entry.reason.trim().is_empty() {
                problems.push(format!("{at}: no reason given"));
            }
            if !matches!(
                entry.outcome,
                Outcome::ApiError | Outcome::Rejected | Outcome::DecodeFailed
            ) {
                problems.push(format!(
                    "{at}: outcome `{}` cannot be expected (only api-error, rejected, decode-failed)",
                    entry.outcome.as_str()
                ));
            }
            if entry.code.is_some() && entry.outcome != Outcome::ApiError {
                problems.push(format!("{at}: `code` only goes with api-error"));
            }
        }
        problems
    }

    /// The entry for an operation (`METHOD path-template`).
    pub fn find(&self, route: &str) -> Option<&Expected> {
        self.expected.iter().find(|e| e.operation == route)
    }
}

impl Expected {
    /// Whether a failure is the one this entry expects.
    pub fn matches(&self, outcome: Outcome, code: Option<&str>) -> bool {
        self.outcome == outcome && (self.code.is_none() || self.code.as_deref() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Expectations, ExpectationsError> {
        Expectations::parse(text, Path::new("expected.toml"))
    }

    #[test]
    fn reads_entries_with_reasons() {
        let file = parse(
            r#"
            [[expected]]
            operation = "GET monitors/{id_domain}"
            outcome = "rejected"
            reason = "cron is off"
            "#,
        )
        .unwrap();
        let entry = file.find("GET monitors/{id_domain}").unwrap();
        assert!(entry.matches(Outcome::Rejected, None));
        assert!(!entry.matches(Outcome::ApiError, Some("x")));
    }

    #[test]
    fn every_problem_of_a_file_is_named_at_once() {
        let error = parse(
            r#"
            [[expected]]
            operation = "GET nowhere"
            outcome = "rejected"
            reason = ""

            [[expected]]
            operation = "GET tags"
            outcome = "ok"
            code = "x"
            reason = "r"
            "#,
        )
        .unwrap_err()
        .to_string();
        for part in [
            "expected.toml",
            "entry 1 (`GET nowhere`): no such operation",
            "entry 1 (`GET nowhere`): no reason",
            "entry 2 (`GET tags`): outcome `ok` cannot be expected",
            "entry 2 (`GET tags`): `code` only goes with api-error",
        ] {
            assert!(error.contains(part), "{part} in {error}");
        }
    }

    #[test]
    fn unknown_keys_are_refused_with_their_place() {
        let error = parse("[[expected]]\noperation = \"GET tags\"\noutcome = \"rejected\"\nreason = \"r\"\nwhy = 1\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("why") && error.contains("line"), "{error}");
    }
}
