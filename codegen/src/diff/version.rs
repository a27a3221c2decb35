//! The generated crate's version: the emitter writes a default, the maintainer owns it
//! (`cargo xtask codegen --bump`), so regenerating keeps the version already on disk.

use std::path::Path;

use crate::print::GeneratedFile;

/// The `version` of a manifest's `[package]` table.
pub fn manifest_version(toml: &str) -> Option<&str> {
    let mut in_package = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            if key.trim() == "version" {
                return Some(value.trim().trim_matches('"'));
            }
        }
    }
    None
}

/// Sets the version in the generated `Cargo.toml`; false when there is none to set.
pub fn set_version(files: &mut [GeneratedFile], version: &str) -> bool {
    let Some(manifest) = files.iter_mut().find(|f| f.path == "Cargo.toml") else {
        return false;
    };
    let Some(current) = manifest_version(&manifest.contents).map(str::to_string) else {
        return false;
    };
    manifest.contents = manifest.contents.replacen(
        &format!("version = \"{current}\""),
        &format!("version = \"{version}\""),
        1,
    );
    true
}

/// Gives the generated files the version of the crate already in `dir`, if any, and
/// returns the version they now carry.
pub fn keep_version(files: &mut [GeneratedFile], dir: &Path) -> Option<String> {
    let on_disk = std::fs::read_to_string(dir.join("Cargo.toml")).ok();
    if let Some(version) = on_disk.as_deref().and_then(manifest_version) {
        set_version(files, version);
    }
    files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .and_then(|f| manifest_version(&f.contents))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_version_is_read_and_replaced_not_a_dependency_version() {
        let toml = "[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(manifest_version(toml), Some("0.3.1"));
        let mut files = vec![GeneratedFile {
            path: "Cargo.toml".to_string(),
            contents: toml.to_string(),
        }];
        assert!(set_version(&mut files, "0.4.0"));
        assert_eq!(manifest_version(&files[0].contents), Some("0.4.0"));
        assert!(files[0].contents.contains("serde = { version = \"1\" }"));
    }
}
