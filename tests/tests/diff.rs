//! `cargo xtask diff`: what each fixture pair (`tests/fixtures/diff/<case>/old` and
//! `new`, one change each) reports, reviewed as insta snapshots, with the class of
//! each pinned apart so that a snapshot accepted by mistake cannot hide a wrong class.
//! Whether the classes are true of the generated code is `diff_compat.rs`.

use std::path::{Path, PathBuf};

use mainwp_codegen::diff::{self, report, ChangeKind, Report, Semver};
use mainwp_codegen::ir::Api;
use workspace_tests::{mainwp_collection, workspace};

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

fn pairs_dir() -> PathBuf {
    workspace().join("tests/fixtures/diff")
}

/// Every case directory, sorted.
fn cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(pairs_dir())
        .expect("tests/fixtures/diff")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn load(path: &Path) -> Api {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    diff::load_api(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn compare_case(case: &str) -> Report {
    let dir = pairs_dir().join(case);
    diff::compare(
        &load(&dir.join("old.postman_collection.json")),
        &load(&dir.join("new.postman_collection.json")),
    )
}

/// The changes of a report other than example edits (which every answer change brings).
fn api_changes(report: &Report) -> Vec<(ChangeKind, &str, Semver)> {
    report
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::ExampleChanged)
        .map(|c| (c.kind, c.item.as_str(), c.semver))
        .collect()
}

#[test]
fn every_fixture_pair_reports_a_reviewed_change_list() {
    let cases = cases();
    assert!(
        cases.len() >= 18,
        "the diff fixture pairs are missing: {cases:?}"
    );
    for case in cases {
        let report = compare_case(&case);
        let markdown = report::markdown(&report, &format!("{case}/old"), &format!("{case}/new"));
        settings().bind(|| insta::assert_snapshot!(format!("diff__{case}"), markdown));
    }
}

#[test]
fn each_fixture_pair_is_one_change_of_the_expected_kind_and_class() {
    use ChangeKind::*;
    use Semver::*;
    /// A case, the changes it reports (kind, item, class) and the bump it needs.
    type Expected = (
        &'static str,
        &'static [(ChangeKind, &'static str, Semver)],
        Semver,
    );
    let expected: &[Expected] = &[
        (
            // With its new field the answer has enough of the listed sites' fields to
            // be the same entity, so it also takes their struct's name.
            "answer_field_added",
            &[
                (TypeRenamed, "answer", Major),
                (AnswerFieldAdded, "url", Major),
            ],
            Major,
        ),
        (
            "answer_field_made_optional",
            &[(AnswerFieldMadeOptional, "name", Major)],
            Major,
        ),
        (
            "answer_field_removed",
            &[(AnswerFieldRemoved, "active", Major)],
            Major,
        ),
        (
            "answer_field_retyped",
            &[(AnswerFieldRetyped, "name", Major)],
            Major,
        ),
        ("auth_changed", &[(AuthChanged, "auth", Minor)], Minor),
        (
            "base_url_changed",
            &[
                (BaseUrlChanged, "API root", Minor),
                (BaseUrlChanged, "base url", Patch),
            ],
            Minor,
        ),
        (
            "body_field_added",
            &[(BodyFieldAdded, "description", Major)],
            Major,
        ),
        (
            // The description is what makes it required, so it changes too; and the
            // body struct's field is no longer an `Option`.
            "body_field_made_required",
            &[
                (BodyFieldRetyped, "name", Major),
                (BodyFieldMadeRequired, "name", Major),
                (DescriptionChanged, "", Patch),
            ],
            Major,
        ),
        (
            "body_field_removed",
            &[(BodyFieldRemoved, "color", Major)],
            Major,
        ),
        (
            "description_only",
            &[(DescriptionChanged, "", Patch)],
            Patch,
        ),
        (
            "example_answer_changes_field_type",
            &[(AnswerFieldRetyped, "total", Major)],
            Major,
        ),
        ("operation_added", &[(OperationAdded, "", Minor)], Minor),
        (
            "operation_moved_folder",
            &[(OperationMoved, "", Major)],
            Major,
        ),
        (
            "operation_removed",
            // The path parameter type only that operation used goes with it.
            &[
                (PathTypeRemoved, "params::IdDomain", Major),
                (OperationRemoved, "", Major),
            ],
            Major,
        ),
        ("operation_renamed", &[(OperationRenamed, "", Major)], Major),
        (
            "path_param_added",
            &[(PathParamAdded, "network", Major), (PathChanged, "", Minor)],
            Major,
        ),
        (
            "query_param_added_optional",
            &[(QueryParamAdded, "search", Minor)],
            Minor,
        ),
        (
            "query_param_added_required",
            &[(QueryParamAdded, "client_id", Major)],
            Major,
        ),
        (
            "query_param_retyped",
            &[(QueryParamRetyped, "limit", Major)],
            Major,
        ),
    ];
    let cases = cases();
    for (case, changes, bump) in expected {
        assert!(cases.iter().any(|c| c == case), "no fixture pair {case}");
        let report = compare_case(case);
        assert_eq!(&api_changes(&report), changes, "{case}");
        assert_eq!(report.semver, *bump, "{case}");
    }
    assert_eq!(
        cases.len(),
        expected.len(),
        "every pair has its expectation here"
    );
}

#[test]
fn a_renamed_operation_is_one_rename_not_a_removal_and_an_addition() {
    let report = compare_case("operation_renamed");
    let rename = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::OperationRenamed)
        .expect("a rename");
    assert_eq!(rename.operation, "GET sites/{id_domain}");
    assert_eq!(
        rename.before.as_deref(),
        Some("Get site (client.sites().get(id_domain))")
    );
    assert_eq!(
        rename.after.as_deref(),
        Some("Fetch site (client.sites().fetch(id_domain))")
    );
    assert!(!report.changes.iter().any(|c| matches!(
        c.kind,
        ChangeKind::OperationAdded | ChangeKind::OperationRemoved
    )));
}

#[test]
fn an_example_answer_with_another_value_type_retypes_the_field() {
    let report = compare_case("example_answer_changes_field_type");
    let retyped = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::AnswerFieldRetyped)
        .expect("a retyped field");
    assert_eq!(
        (
            retyped.operation.as_str(),
            retyped.item.as_str(),
            retyped.before.as_deref(),
            retyped.after.as_deref()
        ),
        ("GET sites", "total", Some("i64"), Some("String"))
    );
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let report = compare_case("query_param_added_optional");
    let json: serde_json::Value =
        serde_json::from_str(&report::json(&report)).expect("the report is JSON");
    assert_eq!(json["semver"], "minor");
    let change = &json["changes"][0];
    let keys: Vec<&str> = change
        .as_object()
        .expect("a change is an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["kind", "operation", "item", "before", "after", "semver"]
    );
    assert_eq!(change["kind"], "query-param-added");
    assert_eq!(change["operation"], "GET sites");
    assert_eq!(change["item"], "search");
    assert_eq!(change["before"], serde_json::Value::Null);
    assert_eq!(change["semver"], "minor");
}

#[test]
fn a_collection_compared_with_itself_has_no_change() {
    let api = load(&mainwp_collection());
    let report = diff::compare(&api, &api);
    assert_eq!(report.changes, Vec::new());
    assert_eq!(report.semver, Semver::None);
}

#[test]
fn the_older_mainwp_collection_reports_its_hand_made_changes() {
    let older = load(&pairs_dir().join("mainwp-older.postman_collection.json"));
    let current = load(&mainwp_collection());
    let report = diff::compare(&older, &current);
    let has = |kind: ChangeKind, operation: &str, item: &str, semver: Semver| {
        report.changes.iter().any(|c| {
            c.kind == kind && c.operation == operation && c.item == item && c.semver == semver
        })
    };
    // The script that made the older file says what it changed (make_mainwp_older.py).
    assert!(has(
        ChangeKind::OperationRenamed,
        "GET sites/{id_domain}/security",
        "",
        Semver::Major
    ));
    assert!(has(
        ChangeKind::OperationAdded,
        "GET sites/{id_domain}/themes/abandoned",
        "",
        Semver::Minor
    ));
    for lighthouse in [
        "POST lighthouse/audit",
        "POST lighthouse/audit/{id_domain}",
        "GET lighthouse/results",
        "GET lighthouse/results/{id_domain}",
    ] {
        assert!(
            has(ChangeKind::OperationAdded, lighthouse, "", Semver::Minor),
            "{lighthouse}"
        );
    }
    assert!(has(
        ChangeKind::QueryParamMadeRequired,
        "DELETE sites/{id_domain}/plugins/delete",
        "slug",
        Semver::Major
    ));
    // The older file drops `color` from one tag answer only; a tag is one entity across
    // the collection, so there the member was optional and now it is required.
    assert!(has(
        ChangeKind::AnswerFieldMadeRequired,
        "GET tags/{id}",
        "data.color",
        Semver::Major
    ));
    assert!(has(
        ChangeKind::AnswerFieldRetyped,
        "GET tags/{id}",
        "data.sites_ids",
        Semver::Major
    ));
    assert!(!report
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::OperationRemoved));
    assert_eq!(report.semver, Semver::Major);
    let markdown = report::markdown(
        &report,
        "tests/fixtures/diff/mainwp-older.postman_collection.json",
        "collection/mainwp-rest-api-v2.postman_collection.json",
    );
    settings().bind(|| insta::assert_snapshot!("diff__mainwp_older", markdown));
}
