//! The classes `cargo xtask diff` gives are true of the generated code: one program,
//! written against the crate of the pairs' common old collection and using all of it
//! (every call, setter, answer field and struct literal), compiles against that crate;
//! against the new crate of a pair classed major it fails, for the reason the report
//! gives; against a pair classed minor or patch it still compiles.
//!
//! Each crate is checked as a module beside the program (`check_as_modules`), all in
//! one target directory so the dependencies build once.

use mainwp_codegen::diff::{self, Semver};
use mainwp_codegen::GeneratedFile;
use workspace_tests::{check_as_modules, workspace};

/// Code a user wrote against the old crate of `tests/fixtures/diff/*/old`.
const PROGRAM: &str = r##"//! A user of the client, written against the old crate.

use super::api::{types, Client, Error};

pub async fn uses_the_whole_api(client: &Client) -> Result<(), Error> {
    let sites = client.sites().list().status("connected").limit(20).send().await?;
    let total: i64 = sites.total;
    let first: Option<&types::Site> = sites.data.first();
    let names: Vec<&String> = sites.data.iter().map(|site| &site.name).collect();

    let site: types::GetSiteResponse = client.sites().get(1).send().await?;
    let (id, name, active): (i64, String, bool) = (site.id, site.name, site.active);

    let tag = client.tags().add().name("Clients").color("#336699").send().await?;
    let body = types::AddTagBody {
        name: Some("Clients".to_string()),
        color: None,
    };
    let again = client.tags().add().body(body).send().await?;

    // Answers built by hand, as a test double would.
    let fake_site = types::GetSiteResponse {
        id: 1,
        name: String::from("Alpha"),
        active: true,
        extra: Default::default(),
    };
    let _ = (total, first, names, id, name, active, tag.id, again.success, fake_site);
    Ok(())
}
"##;

fn generated(case: &str, side: &str) -> (mainwp_codegen::ir::Api, Vec<GeneratedFile>) {
    let path = workspace().join(format!(
        "tests/fixtures/diff/{case}/{side}.postman_collection.json"
    ));
    let generated = mainwp_codegen::generate_file(&path, Some("diff-compat"))
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    (generated.api, generated.files)
}

/// `cargo check` of the program beside one generated crate: (success, cargo's output).
fn check_program_against(files: Vec<GeneratedFile>) -> (bool, String) {
    let program = vec![GeneratedFile {
        path: "src/lib.rs".to_string(),
        contents: PROGRAM.to_string(),
    }];
    let check = check_as_modules(
        &[("api".to_string(), files), ("user".to_string(), program)],
        "diff-compat",
    );
    (check.success, check.stderr)
}

#[test]
fn code_against_the_old_crate_breaks_exactly_when_the_change_is_major() {
    // (pair, what cargo says when the program no longer compiles)
    let breaking: &[(&str, &str)] = &[
        ("operation_renamed", "no method named `get`"),
        // The answer becomes the `Site` entity (see diff.rs), so the old name goes first.
        ("answer_field_added", "cannot find type `GetSiteResponse`"),
        ("answer_field_made_optional", "mismatched types"),
        ("body_field_added", "missing field `description`"),
        // `name` becomes an argument of `add`.
        (
            "body_field_made_required",
            "takes 1 argument but 0 arguments were supplied",
        ),
        ("query_param_retyped", "From<{integer}>"),
    ];
    let compatible = [
        "operation_added",
        "query_param_added_optional",
        "description_only",
        "auth_changed",
    ];

    let (_, old_files) = generated(breaking[0].0, "old");
    let (ok, stderr) = check_program_against(old_files);
    assert!(
        ok,
        "the program does not compile against the old crate:\n{stderr}"
    );

    let mut wrong = Vec::new();
    for (case, symptom) in breaking {
        let report = diff::compare(&generated(case, "old").0, &generated(case, "new").0);
        assert_eq!(report.semver, Semver::Major, "{case} is classed major");
        let (ok, stderr) = check_program_against(generated(case, "new").1);
        if ok || !stderr.contains(symptom) {
            wrong.push(format!(
                "{case}: expected a failure saying `{symptom}`, got success={ok}:\n{stderr}"
            ));
        }
    }
    for case in compatible {
        let report = diff::compare(&generated(case, "old").0, &generated(case, "new").0);
        assert!(report.semver < Semver::Major, "{case} is not classed major");
        let (ok, stderr) = check_program_against(generated(case, "new").1);
        if !ok {
            wrong.push(format!("{case}: classed {}, but:\n{stderr}", report.semver));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
