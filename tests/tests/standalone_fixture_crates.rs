//! Collections of APIs that are not MainWP (`tests/fixtures/standalone/`) generate crates
//! whose own `cargo test` passes (runtime unit tests and contract tests included), that
//! name their own API and carry no MainWP conventions.

use std::path::Path;
use std::process::Command;

use mainwp_codegen::Generated;
use workspace_tests::{standalone_fixtures, workspace};

fn generate(fixture: &Path) -> Generated {
    mainwp_codegen::generate_file(fixture, None)
        .unwrap_or_else(|err| panic!("{}: {err}", fixture.display()))
}

/// Generated files outside the copied runtime, which is the same for every API.
fn own_files(generated: &Generated) -> impl Iterator<Item = &mainwp_codegen::GeneratedFile> {
    generated
        .files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
}

#[test]
fn other_apis_get_the_generic_profile_and_their_own_name() {
    for fixture in standalone_fixtures() {
        let generated = generate(&fixture);
        assert_eq!(generated.api.failure_flag, None, "{}", fixture.display());
        let lib = own_files(&generated)
            .find(|f| f.path == "src/lib.rs")
            .expect("lib.rs");
        assert!(
            lib.contents.contains(&format!("# {}", generated.api.title)),
            "{}: the crate docs do not name the API",
            fixture.display()
        );
        assert!(lib
            .contents
            .contains("FAILURE_FLAG: Option<FailureFlag> = None"));
        for file in own_files(&generated) {
            for word in ["MainWP", "mainwp", "WordPress", "Dashboard"] {
                assert!(
                    !file.contents.contains(word),
                    "{} {}: mentions {word}",
                    fixture.display(),
                    file.path
                );
            }
        }
    }
}

#[test]
fn a_collection_without_info_is_named_after_its_file() {
    let fixture = workspace()
        .join("tests/fixtures/standalone/webdav_no_info_no_examples.postman_collection.json");
    let generated = generate(&fixture);
    assert_eq!(generated.api.title, "webdav no info no examples");
    assert_eq!(generated.api.crate_name, "webdav-no-info-no-examples");
}

#[test]
fn a_collection_without_examples_is_warned_about_once() {
    let fixture = workspace()
        .join("tests/fixtures/standalone/webdav_no_info_no_examples.postman_collection.json");
    let warnings: Vec<String> = generate(&fixture)
        .diagnostics
        .warnings()
        .map(ToString::to_string)
        .filter(|w| w.contains("saved 2xx example"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("all 5 operations"), "{warnings:?}");
}

#[test]
fn a_key_sent_in_the_query_from_a_variable_is_the_clients_auth_not_a_parameter() {
    let fixture =
        workspace().join("tests/fixtures/standalone/weather_query_key.postman_collection.json");
    let generated = generate(&fixture);
    assert_eq!(
        generated.api.auth,
        mainwp_codegen::ir::Auth::ApiKey {
            name: "appid".into(),
            in_query: true
        }
    );
    for (_, op) in generated.api.operations() {
        assert!(
            op.query_params.iter().all(|q| q.name != "appid"),
            "{} still takes the key as a parameter",
            op.title
        );
    }
    // The placeholder key of the collection is never a value of the generated code.
    for file in own_files(&generated) {
        assert!(
            !file.contents.contains("owm_placeholder_key"),
            "{}",
            file.path
        );
    }
    // A variable that is not a credential stays a parameter, with a warning.
    let warnings: Vec<String> = generated
        .diagnostics
        .warnings()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`units={{units}}` takes a variable")),
        "{warnings:?}"
    );
}

/// One crate per fixture, all built in one target dir under the workspace's, so the
/// dependencies compile once.
#[test]
fn crates_generated_from_other_apis_pass_their_own_tests() {
    let scratch = tempfile::tempdir().expect("temp dir");
    for fixture in standalone_fixtures() {
        let generated = generate(&fixture);
        let out = scratch.path().join(&generated.api.crate_name);
        mainwp_codegen::write::write_crate(&out, &generated.files).expect("writes");
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--quiet"])
            .current_dir(&out)
            .env(
                "CARGO_TARGET_DIR",
                workspace().join("target/standalone-fixtures"),
            )
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo test fails in the crate of {}:\n{}\n{}",
            fixture.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
