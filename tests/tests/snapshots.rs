//! What each fixture collection means (its API model) and what code it becomes,
//! reviewed as insta snapshots: adding a case is adding a fixture file.

use workspace_tests::{fixture_collections, fixture_name, generated_sources, mainwp_collection};

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// The API model in its review form (one line per operation, one block per type, the
/// evidence for every field's type), then the generator's warnings about the collection.
fn review(model: &mainwp_codegen::Model) -> String {
    format!(
        "{}\nwarnings:\n{}",
        mainwp_codegen::review::render(&model.api),
        model.diagnostics
    )
}

#[test]
fn every_fixture_lowers_to_a_reviewed_api_model() {
    for path in fixture_collections() {
        let collection =
            mainwp_codegen::postman::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let model = mainwp_codegen::model(&collection, None).unwrap_or_else(|e| panic!("{e}"));
        settings().bind(|| {
            insta::assert_snapshot!(format!("ir__{}", fixture_name(&path)), review(&model))
        });
    }
}

/// What each family of fixtures is about, by name prefix, as the files of the generated
/// crate its code snapshot shows: a change to the crate's frame (Cargo.toml, the crate
/// docs, the catalog, the mock, the contract harness) then shows in the fixtures about it, not in
/// all fifty. `OPERATIONS` stands for the folder modules (the builders). Fixtures of no
/// family show every file but `Cargo.toml`.
const ABOUT: &[(&str, &[&str])] = &[
    ("auth_", &["src/lib.rs", OPERATIONS]),
    ("body_", &[OPERATIONS, "src/types.rs"]),
    ("field_names_", &["src/types.rs"]),
    ("headers_", &[OPERATIONS]),
    ("infer_", &["src/types.rs"]),
    ("names_", &[OPERATIONS, "src/types.rs"]),
    ("path_variables_", &[OPERATIONS, "src/params.rs"]),
    ("query_", &[OPERATIONS, "src/params.rs"]),
    ("saved_examples_", &["src/types.rs", "tests/contract.rs"]),
    ("url_", &["src/lib.rs", OPERATIONS]),
    ("variables_", &["src/lib.rs", OPERATIONS]),
];
const OPERATIONS: &str = "operations";
const FRAME: &[&str] = &[
    "Cargo.toml",
    "src/lib.rs",
    "src/types.rs",
    "src/params.rs",
    "src/catalog.rs",
    "src/mock.rs",
    "tests/contract.rs",
];

/// Whether the code snapshot of fixture `name` shows the generated file at `path`.
fn shows(name: &str, path: &str) -> bool {
    match ABOUT.iter().find(|(prefix, _)| name.starts_with(prefix)) {
        Some((_, files)) => files.iter().any(|file| {
            *file == path
                || (*file == OPERATIONS && path.starts_with("src/") && !FRAME.contains(&path))
        }),
        None => path != "Cargo.toml",
    }
}

#[test]
fn every_fixture_emits_reviewed_code() {
    for path in fixture_collections() {
        let collection =
            mainwp_codegen::postman::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let name = fixture_name(&path);
        let files: Vec<_> = mainwp_codegen::generate(&collection, None)
            .unwrap_or_else(|e| panic!("{e}"))
            .files
            .into_iter()
            .filter(|file| shows(&name, &file.path))
            .collect();
        settings()
            .bind(|| insta::assert_snapshot!(format!("code__{name}"), generated_sources(&files)));
    }
}

#[test]
fn mainwp_collection_lowers_to_a_reviewed_api_model() {
    let collection =
        mainwp_codegen::postman::parse_file(&mainwp_collection()).unwrap_or_else(|e| panic!("{e}"));
    let model =
        mainwp_codegen::model(&collection, Some("mainwp")).unwrap_or_else(|e| panic!("{e}"));
    settings().bind(|| insta::assert_snapshot!("ir__mainwp", review(&model)));
}
