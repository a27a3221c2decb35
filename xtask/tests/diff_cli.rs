//! `cargo xtask diff` and the change count of `cargo xtask codegen`, run as the binary:
//! exit statuses, JSON output, git revisions, and `--bump`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{stdout, succeeded, workspace, xtask};

fn pair(case: &str, side: &str) -> String {
    workspace()
        .join(format!(
            "tests/fixtures/diff/{case}/{side}.postman_collection.json"
        ))
        .display()
        .to_string()
}

#[test]
fn fail_on_exits_3_only_when_the_bump_reaches_the_class() {
    let (old, new) = (
        pair("query_param_added_optional", "old"),
        pair("query_param_added_optional", "new"),
    );
    let minor_vs_major = xtask(&["diff", &old, &new, "--fail-on", "major"]);
    assert_eq!(
        minor_vs_major.status.code(),
        Some(0),
        "{}",
        stdout(&minor_vs_major)
    );
    let minor_vs_minor = xtask(&["diff", &old, &new, "--fail-on", "minor"]);
    assert_eq!(minor_vs_minor.status.code(), Some(3));
    let minor_vs_patch = xtask(&["diff", &old, &new, "--fail-on", "patch"]);
    assert_eq!(minor_vs_patch.status.code(), Some(3));
    let (old, new) = (
        pair("operation_removed", "old"),
        pair("operation_removed", "new"),
    );
    let major = xtask(&["diff", &old, &new, "--fail-on", "major"]);
    assert_eq!(major.status.code(), Some(3));
    // The report is printed all the same, ending with the bump.
    assert!(stdout(&major)
        .trim_end()
        .ends_with("**Version bump needed: major** (2 major, 0 minor, 0 patch)."));
}

#[test]
fn json_output_names_the_bump_and_each_change() {
    let output = xtask(&[
        "diff",
        &pair("operation_renamed", "old"),
        &pair("operation_renamed", "new"),
        "--json",
    ]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["semver"], "major");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["changes"][0]["kind"], "operation-renamed");
}

#[test]
fn a_side_can_be_a_git_revision_of_a_committed_file() {
    let spec = "HEAD:tests/fixtures/diff/description_only/old.postman_collection.json";
    let output = xtask(&["diff", spec, &pair("description_only", "new"), "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["semver"], "patch");
    let missing = xtask(&[
        "diff",
        "HEAD:no/such/file.json",
        &pair("description_only", "new"),
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("git show HEAD:no/such/file.json"));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// `cargo xtask codegen --bump` into `out`, which must succeed; its output.
fn codegen_bump(collection: &str, out: &str) -> String {
    succeeded(&xtask(&[
        "codegen",
        "--collection",
        collection,
        "--out",
        out,
        "--bump",
    ]))
}

#[test]
fn codegen_counts_changes_against_the_committed_collection_and_bumps_the_version() {
    let repo = tempfile::tempdir().expect("temp dir");
    let collection = repo.path().join("api.postman_collection.json");
    let out = repo.path().join("client");
    git(repo.path(), &["init", "--quiet"]);
    std::fs::copy(pair("body_field_removed", "old"), &collection).expect("copy");
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "--quiet", "-m", "old"]);
    std::fs::copy(pair("body_field_removed", "new"), &collection).expect("copy");
    let collection = collection.display().to_string();
    let out_arg = out.display().to_string();

    // A first run writes the emitter's version; the maintainer's version is then kept.
    let first = succeeded(&xtask(&[
        "codegen",
        "--collection",
        &collection,
        "--out",
        &out_arg,
    ]));
    let lines: Vec<String> = first.lines().map(str::to_string).collect();
    assert!(lines[0].starts_with("wrote "), "{lines:?}");
    assert_eq!(
        lines[1],
        "changes against HEAD: 1 major, 0 minor, 1 patch (bump: major)"
    );
    let manifest = out.join("Cargo.toml");
    let set_version = |version: &str| {
        let text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
        let text = text.replacen(
            "version = \"0.1.0\"",
            &format!("version = \"{version}\""),
            1,
        );
        std::fs::write(&manifest, text).expect("write");
    };
    set_version("1.4.2");
    let check = xtask(&[
        "codegen",
        "--collection",
        &collection,
        "--out",
        &out_arg,
        "--check",
    ]);
    assert!(
        check.status.success(),
        "a kept version is not stale: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    // Committed at 1.4.2: the bump starts from there, so running it twice bumps once.
    git(repo.path(), &["add", "client"]);
    git(repo.path(), &["commit", "--quiet", "-m", "client 1.4.2"]);
    for _ in 0..2 {
        let bump = codegen_bump(&collection, &out_arg);
        assert!(bump.contains("version 1.4.2 -> 2.0.0 (major)"), "{}", bump);
        let text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
        assert!(text.contains("version = \"2.0.0\""), "{text}");
    }
}

/// The collection comparison runs both sides through the current generator; what a new
/// generator changes shows only in the crate itself. Here the committed crate has a
/// public function the generator does not make (as if an older generator had made it):
/// with the same collection, `codegen` reports it removed, and `--bump` bumps major.
#[test]
fn codegen_classes_what_changed_in_the_crate_even_with_the_same_collection() {
    let repo = tempfile::tempdir().expect("temp dir");
    let collection = repo.path().join("api.postman_collection.json");
    let out = repo.path().join("client");
    git(repo.path(), &["init", "--quiet"]);
    std::fs::copy(pair("body_field_removed", "new"), &collection).expect("copy");
    let collection = collection.display().to_string();
    let out_arg = out.display().to_string();
    succeeded(&xtask(&[
        "codegen",
        "--collection",
        &collection,
        "--out",
        &out_arg,
    ]));
    let types = out.join("src/types.rs");
    let mut text = std::fs::read_to_string(&types).expect("types.rs");
    text.push_str("/// Made by an older generator.\npub fn retired_helper(id: i64) -> bool {\n    id > 0\n}\n");
    std::fs::write(&types, text).expect("write");
    git(repo.path(), &["add", "."]);
    git(
        repo.path(),
        &["commit", "--quiet", "-m", "crate of an older generator"],
    );

    let bump = codegen_bump(&collection, &out_arg);
    let lines: Vec<String> = bump.lines().map(str::to_string).collect();
    assert_eq!(
        lines[1],
        "changes against HEAD: 0 major, 0 minor, 0 patch (bump: none)"
    );
    assert!(
        lines[2].starts_with("public API against HEAD's crate (")
            && lines[2].ends_with("items): 1 major, 0 minor (bump: major)"),
        "{lines:?}"
    );
    assert_eq!(
        lines[3].split_whitespace().collect::<Vec<_>>(),
        [
            "major",
            "types::retired_helper",
            "removed:",
            "fn(i64)",
            "->",
            "bool"
        ]
    );
    assert_eq!(lines[4], "version 0.1.0 -> 0.2.0 (major)");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("version = \"0.2.0\""), "{manifest}");
}
