//! What a new collection changes for the users of the generated crate: two API models
//! compared ([`compare`](compare::compare)), each change classed by its semver effect on
//! the crate's public API, and the report ([`report`]) that ends with the bump it needs.
//!
//! # Classification
//!
//! The class of a change is what it does to code that compiles against the old crate,
//! judged by Cargo's semver rules (<https://doc.rust-lang.org/cargo/reference/semver.html>):
//!
//! - **major**: such code may stop compiling. A method, argument type, setter or field
//!   removed or renamed; a new required argument (path parameter, enabled query
//!   parameter); a type changed, including `T` becoming `Option<T>` and back; a new
//!   *field* in a generated struct. The last one is major because generated structs are
//!   exhaustive (every field `pub`, no `#[non_exhaustive]`), so callers can build them
//!   with a struct literal, and a literal without the new field stops compiling
//!   (Cargo's `struct-add-public-field-when-no-private`). That holds for answers and
//!   for request bodies (whose builder setters alone would be minor).
//! - **minor**: the API grows or the client behaves differently on the wire while the
//!   same code still compiles. A new operation, optional query parameter (a setter), or
//!   body on a request that had none; pagination helpers added; a new path parameter
//!   type; an operation's path, HTTP method, headers or auth changed; the client-wide
//!   auth scheme or the API root below the base url changed; the body encoding changed;
//!   an answer or page decoded differently into the same Rust type.
//! - **patch**: only documentation changes: descriptions, titles whose Rust names stay the
//!   same, saved examples, the permission or background-work notes, the base url example.
//!
//! The version bump is the largest class among the changes ([`Report::semver`]);
//! [`next_version`] applies it as Cargo reads versions (below 1.0.0 a breaking change
//! bumps the minor number, anything else the patch number).

pub mod compare;
pub mod report;
pub mod surface;
pub mod version;

pub use compare::compare;

use serde::Serialize;

use crate::error::Error;
use crate::ir::Api;

/// Reads a collection's text and returns its API model: the one place the comparison
/// reaches into the generator's pipeline. `origin` names the source in errors.
pub fn load_api(text: &str, origin: &str) -> Result<Api, Error> {
    let collection = crate::postman::parse_str(text, origin)?;
    crate::model(&collection, None)
        .map(|model| model.api)
        .map_err(|err| err.in_file(origin))
}

/// The effect of a change on the generated crate's public API, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    None,
    Patch,
    Minor,
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }

    /// Reads `major`, `minor`, `patch` or `none`.
    pub fn parse(text: &str) -> Option<Semver> {
        [Semver::None, Semver::Patch, Semver::Minor, Semver::Major]
            .into_iter()
            .find(|class| class.as_str() == text)
    }
}

impl std::fmt::Display for Semver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed. Answer and body kinds describe members of the JSON, by their path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    /// Same HTTP method and path under a new name.
    OperationRenamed,
    /// Into another folder: reached through another handle.
    OperationMoved,
    /// Same folder and name, new path or HTTP method.
    PathChanged,
    PathParamAdded,
    PathParamRemoved,
    PathParamRenamed,
    PathParamRetyped,
    QueryParamAdded,
    QueryParamRemoved,
    QueryParamRenamed,
    QueryParamRetyped,
    QueryParamMadeRequired,
    QueryParamMadeOptional,
    ArgumentsReordered,
    HeadersChanged,
    OperationAuthChanged,
    BodyAdded,
    BodyRemoved,
    BodyRetyped,
    BodyEncodingChanged,
    BodyFieldAdded,
    BodyFieldRemoved,
    BodyFieldRenamed,
    BodyFieldRetyped,
    /// A body field became an argument of the operation's method (the request says it
    /// is required), or stopped being one.
    BodyFieldMadeRequired,
    BodyFieldMadeOptional,
    AnswerRetyped,
    AnswerFieldAdded,
    AnswerFieldRemoved,
    AnswerFieldRenamed,
    AnswerFieldRetyped,
    AnswerFieldMadeOptional,
    AnswerFieldMadeRequired,
    /// A generated type (builder, answer, body or one of their parts) has a new name.
    TypeRenamed,
    PaginationAdded,
    PaginationRemoved,
    PaginationChanged,
    PathTypeAdded,
    PathTypeRemoved,
    PathTypeChanged,
    AuthChanged,
    BaseUrlChanged,
    DescriptionChanged,
    PermissionChanged,
    BackgroundChanged,
    ExampleChanged,
}

impl ChangeKind {
    /// The kind in words, for the Markdown report.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation added",
            ChangeKind::OperationRemoved => "operation removed",
            ChangeKind::OperationRenamed => "operation renamed",
            ChangeKind::OperationMoved => "operation moved",
            ChangeKind::PathChanged => "path changed",
            ChangeKind::PathParamAdded => "path parameter added",
            ChangeKind::PathParamRemoved => "path parameter removed",
            ChangeKind::PathParamRenamed => "path parameter renamed",
            ChangeKind::PathParamRetyped => "path parameter retyped",
            ChangeKind::QueryParamAdded => "query parameter added",
            ChangeKind::QueryParamRemoved => "query parameter removed",
            ChangeKind::QueryParamRenamed => "query parameter renamed",
            ChangeKind::QueryParamRetyped => "query parameter retyped",
            ChangeKind::QueryParamMadeRequired => "query parameter made required",
            ChangeKind::QueryParamMadeOptional => "query parameter made optional",
            ChangeKind::ArgumentsReordered => "arguments reordered",
            ChangeKind::HeadersChanged => "headers changed",
            ChangeKind::OperationAuthChanged => "operation auth changed",
            ChangeKind::BodyAdded => "body added",
            ChangeKind::BodyRemoved => "body removed",
            ChangeKind::BodyRetyped => "body retyped",
            ChangeKind::BodyEncodingChanged => "body encoding changed",
            ChangeKind::BodyFieldAdded => "body field added",
            ChangeKind::BodyFieldRemoved => "body field removed",
            ChangeKind::BodyFieldRenamed => "body field renamed",
            ChangeKind::BodyFieldRetyped => "body field retyped",
            ChangeKind::BodyFieldMadeRequired => "body field made required",
            ChangeKind::BodyFieldMadeOptional => "body field made optional",
            ChangeKind::AnswerRetyped => "answer retyped",
            ChangeKind::AnswerFieldAdded => "answer field added",
            ChangeKind::AnswerFieldRemoved => "answer field removed",
            ChangeKind::AnswerFieldRenamed => "answer field renamed",
            ChangeKind::AnswerFieldRetyped => "answer field retyped",
            ChangeKind::AnswerFieldMadeOptional => "answer field made optional",
            ChangeKind::AnswerFieldMadeRequired => "answer field made required",
            ChangeKind::TypeRenamed => "type renamed",
            ChangeKind::PaginationAdded => "pagination added",
            ChangeKind::PaginationRemoved => "pagination removed",
            ChangeKind::PaginationChanged => "pagination changed",
            ChangeKind::PathTypeAdded => "path parameter type added",
            ChangeKind::PathTypeRemoved => "path parameter type removed",
            ChangeKind::PathTypeChanged => "path parameter type changed",
            ChangeKind::AuthChanged => "auth changed",
            ChangeKind::BaseUrlChanged => "base url changed",
            ChangeKind::DescriptionChanged => "description changed",
            ChangeKind::PermissionChanged => "permission changed",
            ChangeKind::BackgroundChanged => "background work changed",
            ChangeKind::ExampleChanged => "example changed",
        }
    }
}

/// One change, as the JSON report spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// `GET sites/{id_domain}`; empty for API-wide changes.
    pub operation: String,
    /// What in the operation: a parameter, a JSON path in the body or answer (`data[].id`).
    pub item: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub semver: Semver,
    /// Why it has this class, for the Markdown report.
    #[serde(skip)]
    pub reason: String,
}

/// Every change between two API models, the largest class first, and the bump they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub semver: Semver,
    pub changes: Vec<Change>,
}

impl Report {
    /// Orders the changes by class (major first), keeping the comparison's order
    /// (collection order) within a class.
    pub fn new(mut changes: Vec<Change>) -> Report {
        changes.sort_by_key(|c| std::cmp::Reverse(c.semver));
        let semver = changes
            .iter()
            .map(|c| c.semver)
            .max()
            .unwrap_or(Semver::None);
        Report { semver, changes }
    }

    /// How many changes of a class.
    pub fn count(&self, class: Semver) -> usize {
        self.changes.iter().filter(|c| c.semver == class).count()
    }

    /// `2 major, 1 minor, 0 patch`.
    pub fn counts(&self) -> String {
        format!(
            "{} major, {} minor, {} patch",
            self.count(Semver::Major),
            self.count(Semver::Minor),
            self.count(Semver::Patch)
        )
    }
}

/// A version that cannot be bumped.
#[derive(Debug, thiserror::Error)]
#[error("version `{0}` is not MAJOR.MINOR.PATCH")]
pub struct VersionError(pub String);

/// The version after a change of class `bump`, as Cargo's caret requirements read
/// versions: the first non-zero number is the breaking one (`0.3.1` + major = `0.4.0`,
/// `0.3.1` + minor = `0.3.2`).
pub fn next_version(current: &str, bump: Semver) -> Result<String, VersionError> {
    let numbers: Vec<u64> = current
        .split('.')
        .map(|n| n.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| VersionError(current.to_string()))?;
    let [major, minor, patch] = numbers[..] else {
        return Err(VersionError(current.to_string()));
    };
    let next = match (bump, major, minor) {
        (Semver::None, ..) => (major, minor, patch),
        (Semver::Major, 0, 0) => (0, 0, patch + 1),
        (Semver::Major, 0, _) => (0, minor + 1, 0),
        (Semver::Major, ..) => (major + 1, 0, 0),
        (Semver::Minor, 0, _) => (0, minor, patch + 1),
        (Semver::Minor, ..) => (major, minor + 1, 0),
        (Semver::Patch, ..) => (major, minor, patch + 1),
    };
    Ok(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_cargo_reads_them() {
        let bump = |v, class| next_version(v, class).expect("valid");
        assert_eq!(bump("1.2.3", Semver::Major), "2.0.0");
        assert_eq!(bump("1.2.3", Semver::Minor), "1.3.0");
        assert_eq!(bump("1.2.3", Semver::Patch), "1.2.4");
        assert_eq!(bump("1.2.3", Semver::None), "1.2.3");
        // Below 1.0.0 the first non-zero number is the breaking one.
        assert_eq!(bump("0.1.0", Semver::Major), "0.2.0");
        assert_eq!(bump("0.1.0", Semver::Minor), "0.1.1");
        assert_eq!(bump("0.1.0", Semver::Patch), "0.1.1");
        assert_eq!(bump("0.0.4", Semver::Major), "0.0.5");
        assert!(next_version("1.2", Semver::Patch).is_err());
        assert!(next_version("1.2.3-beta", Semver::Patch).is_err());
    }

    #[test]
    fn the_report_needs_the_largest_class_among_its_changes() {
        let change = |semver| Change {
            kind: ChangeKind::DescriptionChanged,
            operation: String::new(),
            item: String::new(),
            before: None,
            after: None,
            semver,
            reason: String::new(),
        };
        let report = Report::new(vec![change(Semver::Patch), change(Semver::Minor)]);
        assert_eq!(report.semver, Semver::Minor);
        assert_eq!(report.changes[0].semver, Semver::Minor);
        assert_eq!(Report::new(Vec::new()).semver, Semver::None);
    }
}
