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

#[test]
fn every_fixture_emits_reviewed_code() {
    for path in fixture_collections() {
        let collection =
            mainwp_codegen::postman::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let files = mainwp_codegen::generate(&collection, None)
            .unwrap_or_else(|e| panic!("{e}"))
            .files;
        settings().bind(|| {
            insta::assert_snapshot!(
                format!("code__{}", fixture_name(&path)),
                generated_sources(&files)
            )
        });
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
