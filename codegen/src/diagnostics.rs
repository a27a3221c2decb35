//! Problems found while generating, collected in one place so a run reports every one of
//! them, each with where it is and what kind it is (as serde_derive's `Ctxt` does).
//!
//! A stage records a problem and carries on with what it can still do; the caller turns
//! the collection into an [`Error`](crate::Error) once a stage is done if any problem is
//! an error. Warnings travel beside the output and never change it.

use std::fmt;

/// Whether a problem stops generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The collection cannot be turned into a client as it is.
    Error,
    /// Something the generator worked around; the output is still made.
    Warning,
}

/// What a problem is about; the xtask groups warnings by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A request's url is missing or empty.
    Url,
    /// A path variable the collection does not describe.
    PathVariable,
    /// A request goes to a different host than the client's base url.
    Host,
    /// An HTTP method the client cannot send.
    Method,
    /// A body mode Postman does not define, or a body that does not parse.
    Body,
    /// Auth the client cannot perform, or a request with different auth.
    Auth,
    /// An answer the generator could not type from the examples.
    Response,
    /// The model the generator built breaks one of its own rules: a generator bug.
    Internal,
    /// A `{{variable}}` the client cannot send as written (it becomes configuration).
    Variable,
}

impl Kind {
    /// A short heading for a group of problems of this kind.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Url => "urls",
            Kind::PathVariable => "path variables",
            Kind::Host => "hosts",
            Kind::Method => "HTTP methods",
            Kind::Body => "request bodies",
            Kind::Auth => "auth",
            Kind::Response => "answers",
            Kind::Internal => "generator checks",
            Kind::Variable => "variables",
        }
    }
}

/// Where a problem is. Every part is optional; those known are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The collection file, once known.
    pub file: Option<String>,
    /// Folder path and request name, joined with ` / ` (`Sites / List sites`).
    pub request: Option<String>,
    /// Where in the collection's JSON (`item[2].item[0].request.url`).
    pub json_path: Option<String>,
}

impl Location {
    /// The whole collection.
    pub fn collection() -> Location {
        Location::default()
    }

    /// A request (or folder), by its folder path and name and its JSON path.
    pub fn request(request: impl Into<String>, json_path: impl Into<String>) -> Location {
        Location {
            file: None,
            request: Some(request.into()),
            json_path: Some(json_path.into()),
        }
    }

    /// The same place, one step further down the JSON (`.request.url`).
    pub fn at(&self, suffix: &str) -> Location {
        let mut location = self.clone();
        location.json_path = Some(match &self.json_path {
            Some(path) if !path.is_empty() => format!("{path}.{suffix}"),
            _ => suffix.to_string(),
        });
        location
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        match (&self.request, &self.json_path) {
            (Some(request), Some(path)) => parts.push(format!("request `{request}` ({path})")),
            (Some(request), None) => parts.push(format!("request `{request}`")),
            (None, Some(path)) => parts.push(format!("`{path}`")),
            (None, None) => parts.push("collection".to_string()),
        }
        f.write_str(&parts.join(": "))
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    pub location: Location,
    /// What is wrong, as a sentence about the located item (`has no url`).
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem of a run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn error(&mut self, kind: Kind, location: Location, message: impl Into<String>) {
        self.push(Severity::Error, kind, location, message.into());
    }

    pub fn warning(&mut self, kind: Kind, location: Location, message: impl Into<String>) {
        self.push(Severity::Warning, kind, location, message.into());
    }

    fn push(&mut self, severity: Severity, kind: Kind, location: Location, message: String) {
        self.list.push(Diagnostic {
            severity,
            kind,
            location,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Names the collection file in every problem that does not name one yet.
    pub fn in_file(&mut self, file: &str) {
        for diagnostic in &mut self.list {
            diagnostic
                .location
                .file
                .get_or_insert_with(|| file.to_string());
        }
    }

    /// The errors as one [`Error`](crate::Error), when there are any.
    pub fn check(&self) -> Result<(), crate::Error> {
        if self.has_errors() {
            Err(crate::Error::Invalid(self.errors().cloned().collect()))
        } else {
            Ok(())
        }
    }

    /// The warnings by kind, kinds in a fixed order and each group in the order found.
    pub fn warnings_by_kind(&self) -> Vec<(Kind, Vec<&Diagnostic>)> {
        let mut groups: Vec<(Kind, Vec<&Diagnostic>)> = Vec::new();
        for warning in self.warnings() {
            match groups.iter_mut().find(|(kind, _)| *kind == warning.kind) {
                Some((_, group)) => group.push(warning),
                None => groups.push((warning.kind, vec![warning])),
            }
        }
        groups.sort_by_key(|(kind, _)| *kind);
        groups
    }
}

impl fmt::Display for Diagnostics {
    /// One problem a line, the way the IR snapshots and messages show them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.list {
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(f, "{severity} [{:?}]: {diagnostic}", diagnostic.kind)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_kept_and_reported_together() {
        let mut diagnostics = Diagnostics::new();
        let site = Location::request("Sites / Get site", "item[0].item[1]");
        diagnostics.error(Kind::Url, site.at("request"), "has no url");
        diagnostics.warning(Kind::Host, site.clone(), "goes elsewhere");
        diagnostics.error(
            Kind::Method,
            Location::request("Sync", "item[1]"),
            "uses `BREW`",
        );
        diagnostics.in_file("c.json");
        let err = diagnostics.check().expect_err("two errors");
        let text = err.to_string();
        assert!(
            text.contains(
                "c.json: request `Sites / Get site` (item[0].item[1].request): has no url"
            ),
            "{text}"
        );
        assert!(
            text.contains("c.json: request `Sync` (item[1]): uses `BREW`"),
            "{text}"
        );
        assert!(!text.contains("goes elsewhere"), "{text}");
    }

    #[test]
    fn warnings_alone_do_not_fail() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.warning(Kind::Auth, Location::collection(), "`oauth1` auth");
        assert!(diagnostics.check().is_ok());
        assert_eq!(diagnostics.warnings_by_kind().len(), 1);
    }
}
