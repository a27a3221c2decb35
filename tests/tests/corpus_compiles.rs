//! Every fixture collection generates a crate that compiles without a single warning.
//!
//! Building 52 crates would take long, so the generated crates are put side by side as
//! modules of one scratch crate (`src/<fixture>/`, `lib.rs` as `mod.rs`, `crate::`
//! paths rebased to `crate::<fixture>::`) and checked with one `cargo check` under
//! `RUSTFLAGS="-D warnings"`. The scratch crate takes the dependencies of a generated
//! `Cargo.toml` and the workspace's `Cargo.lock`, and builds into `target/corpus-check`
//! so reruns only check the scratch crate again.

use std::time::Instant;

use workspace_tests::{check_as_modules, fixture_collections, fixture_name, module_name};

#[test]
fn every_fixture_generates_a_crate_that_checks_without_warnings() {
    let collections = fixture_collections();
    assert!(
        collections.len() >= 50,
        "the fixture corpus is missing: {} collections",
        collections.len()
    );
    let started = Instant::now();
    let crates: Vec<_> = collections
        .iter()
        .map(|path| {
            let files = mainwp_codegen::generate_file(path, None)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
                .files;
            (module_name(&fixture_name(path)), files)
        })
        .collect();
    let generated_in = started.elapsed();
    let check = check_as_modules(&crates, "corpus-check");
    println!(
        "corpus: {} collections generated in {:.2?}, `cargo check` took {:.2?}",
        crates.len(),
        generated_in,
        check.took
    );
    check.assert_clean("the generated code of the fixture corpus");
}

#[test]
fn crate_paths_are_rebased_onto_the_module() {
    use workspace_tests::rebase_crate_paths;
    assert_eq!(
        rebase_crate_paths("use crate::types::A; f(crate ::runtime::x);", "m"),
        "use crate::m::types::A; f(crate::m::runtime::x);"
    );
    assert_eq!(
        rebase_crate_paths(
            "pub(crate) fn f() -> $crate::X { my_crate::y(); crates::z }",
            "m"
        ),
        "pub(crate) fn f() -> $crate::X { my_crate::y(); crates::z }"
    );
}
