//! Shared helpers for the workspace tests: where things are, and the fixture corpus.
//!
//! The README's examples are compiled as this crate's doctests, so they cannot rot.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mainwp_codegen::GeneratedFile;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The committed MainWP collection.
pub fn mainwp_collection() -> PathBuf {
    workspace().join("collection/mainwp-rest-api-v2.postman_collection.json")
}

/// Every fixture collection that must generate, sorted by name.
pub fn fixture_collections() -> Vec<PathBuf> {
    collections_in("tests/fixtures/collections")
}

/// The collections of APIs other than MainWP whose generated crates run their own tests,
/// sorted by name.
pub fn standalone_fixtures() -> Vec<PathBuf> {
    collections_in("tests/fixtures/standalone")
}

/// The Postman collection files of a folder of the workspace, sorted by name.
fn collections_in(folder: &str) -> Vec<PathBuf> {
    let dir = workspace().join(folder);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    out.sort();
    out
}

/// A fixture's short name: its file name without the extension.
pub fn fixture_name(path: &Path) -> String {
    path.file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_end_matches(".postman_collection.json")
                .to_string()
        })
        .unwrap_or_default()
}

/// The generated files of a crate that were not copied from the runtime, concatenated
/// with their paths: what a reviewer reads in a code snapshot.
pub fn generated_sources(files: &[mainwp_codegen::GeneratedFile]) -> String {
    files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
        .map(|f| format!("==> {} <==\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The cargo target directory of the workspace (`CARGO_TARGET_DIR`, else `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                workspace().join(dir)
            }
        })
        .unwrap_or_else(|| workspace().join("target"))
}

/// Rewrites every absolute `crate::` path of generated code to `crate::<module>::`, so
/// the files of a generated crate work as one module of another crate. Tokens printed
/// inside macro calls may read `crate ::x`, so space before `::` is allowed; `$crate`
/// and names that merely contain `crate` (`my_crate::`, `crates::`) are left alone.
pub fn rebase_crate_paths(source: &str, module: &str) -> String {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(index) = rest.find("crate") {
        let (before, after) = (&rest[..index], &rest[index + "crate".len()..]);
        out.push_str(before);
        out.push_str("crate");
        rest = after;
        let starts_word = !before
            .chars()
            .next_back()
            .is_some_and(|c| is_ident(c) || c == '$');
        let ends_word = !after.chars().next().is_some_and(is_ident);
        let spaced = after.trim_start();
        if starts_word && ends_word && spaced.starts_with("::") {
            out.push_str("::");
            out.push_str(module);
            out.push_str("::");
            rest = &spaced[2..];
        }
    }
    out.push_str(rest);
    out
}

/// Inner attributes that are only allowed (or only mean something) at a crate root.
const CRATE_ROOT_ATTRIBUTES: &[&str] = &[
    "crate_name",
    "crate_type",
    "no_std",
    "no_main",
    "no_builtins",
    "recursion_limit",
    "type_length_limit",
    "windows_subsystem",
    "feature",
    "doc(html_",
    "doc(test",
    "doc(issue_tracker_base_url",
];

/// Drops the lines of crate-root-only inner attributes (`#![no_std]`, ...).
pub fn drop_crate_root_attributes(source: &str) -> String {
    source
        .lines()
        .filter(|line| {
            let trimmed = line.trim_start();
            let Some(attribute) = trimmed.strip_prefix("#![") else {
                return true;
            };
            let attribute = attribute.trim_start();
            !CRATE_ROOT_ATTRIBUTES
                .iter()
                .any(|name| attribute.starts_with(name))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The files of a generated crate as module `module` of another crate: `src/x.rs`
/// becomes `src/<module>/x.rs` (`lib.rs` becomes `mod.rs`), with `crate::` paths
/// rebased. `Cargo.toml` and `tests/` are left out. Paths are relative to the host
/// crate's root.
pub fn as_module(files: &[GeneratedFile], module: &str) -> Vec<(PathBuf, String)> {
    files
        .iter()
        .filter_map(|file| {
            let inner = file.path.strip_prefix("src/")?;
            if !inner.ends_with(".rs") {
                return None;
            }
            let inner = if inner == "lib.rs" { "mod.rs" } else { inner };
            let contents = drop_crate_root_attributes(&rebase_crate_paths(&file.contents, module));
            Some((Path::new("src").join(module).join(inner), contents))
        })
        .collect()
}

/// A section of a TOML file (`[dependencies]`), its lines up to the next header,
/// without the header itself.
pub fn toml_section(toml: &str, header: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in toml.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed == header;
            continue;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

/// The value of a top-level `key = "value"` line of a TOML section.
pub fn toml_string(toml: &str, header: &str, key: &str) -> Option<String> {
    toml_section(toml, header).lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"').to_string())
    })
}

/// A module name for a fixture: its name as a snake-case identifier.
pub fn module_name(fixture: &str) -> String {
    let mut name: String = fixture
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "fixture_");
    }
    if syn::parse_str::<syn::Ident>(&name).is_err() {
        name.push('_');
    }
    name
}

/// What `cargo check` said about a scratch crate made of generated crates.
pub struct ScratchCheck {
    /// The scratch crate; kept on disk while this lives.
    pub dir: tempfile::TempDir,
    pub success: bool,
    pub stderr: String,
    /// How long `cargo check` took.
    pub took: Duration,
}

impl ScratchCheck {
    /// Lines of cargo's short-format output that warn about the generated sources
    /// (with `-D warnings` they are errors; this catches any that are not).
    pub fn source_warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("src/") && l.contains("warning"))
            .collect()
    }

    /// Passes, or keeps the scratch crate and panics with cargo's output.
    pub fn assert_clean(self, what: &str) {
        if self.success && self.source_warnings().is_empty() {
            return;
        }
        let stderr = self.stderr.clone();
        let kept = self.dir.keep();
        panic!(
            "{what} does not check cleanly (scratch crate kept at {}):\n{stderr}",
            kept.display()
        );
    }
}

/// Puts generated crates side by side as modules of one scratch crate (see
/// [`as_module`]) and runs `cargo check` on it with `RUSTFLAGS="-D warnings"`.
///
/// The scratch crate takes the `[dependencies]` (and edition) of the first crate's
/// generated `Cargo.toml` and the workspace's `Cargo.lock`, so it builds with the
/// versions the workspace already has; it builds into `<target>/<target_subdir>`, a
/// stable directory, so a rerun only checks the scratch crate again.
pub fn check_as_modules(
    crates: &[(String, Vec<GeneratedFile>)],
    target_subdir: &str,
) -> ScratchCheck {
    let dir = tempfile::Builder::new()
        .prefix("corpus-check-")
        .tempdir()
        .expect("a temp dir");
    let root = dir.path();
    let manifest = crates
        .iter()
        .find_map(|(_, files)| files.iter().find(|f| f.path == "Cargo.toml"))
        .map(|f| f.contents.clone())
        .expect("a generated crate has a Cargo.toml");
    let dependencies = toml_section(&manifest, "[dependencies]");
    assert!(
        !dependencies.is_empty(),
        "no [dependencies] in the generated Cargo.toml:\n{manifest}"
    );
    // The features too (the `mock` module and the derives behind `round-trip`), all
    // turned on below, so that the code behind them is checked as well.
    let features = toml_section(&manifest, "[features]");
    let edition =
        toml_string(&manifest, "[package]", "edition").unwrap_or_else(|| "2021".to_string());
    write_file(
        &root.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"corpus-check\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\n\
             [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{dependencies}\n\n[features]\n{features}\n\n[workspace]\n"
        ),
    );
    let mut lib = String::from("//! Generated crates, one module each.\n\n");
    for (module, files) in crates {
        for (relative, contents) in as_module(files, module) {
            write_file(&root.join(relative), &contents);
        }
        lib.push_str(&format!("pub mod {module};\n"));
    }
    write_file(&root.join("src/lib.rs"), &lib);
    // The workspace's lock file pins the versions the workspace already builds with.
    let lock = workspace().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, root.join("Cargo.lock")).expect("copying Cargo.lock");
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .arg("check")
        .arg("--lib")
        .arg("--all-features")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--message-format=short")
        .env("CARGO_TARGET_DIR", target_dir().join(target_subdir))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    ScratchCheck {
        took: started.elapsed(),
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        dir,
    }
}

fn write_file(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|err| panic!("creating {}: {err}", parent.display()));
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|err| panic!("writing {}: {err}", path.display()));
}

/// The body of the captured answer `example` of the request `folder / name`.
pub fn captured_body(folder: &str, name: &str, example: &str) -> String {
    let text = std::fs::read_to_string(mainwp_collection()).expect("the collection");
    let collection: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let request = collection["item"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["name"] == folder)
        .flat_map(|f| f["item"].as_array().into_iter().flatten())
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no request {folder} / {name}"));
    let answer = request["response"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["name"] == example)
        .unwrap_or_else(|| panic!("no example {example}"));
    answer["body"].as_str().expect("a body").to_string()
}
