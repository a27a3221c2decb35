//! Data flows one way through the generator: no module of `codegen/src` refers to a
//! stage that runs after it. Each file is parsed with `syn` and every `crate::<module>`
//! it names (in `use` items and paths, not inside `quote!`, whose paths are generated
//! code's) is checked against the order of the stages.

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::Visit;
use workspace_tests::workspace;

/// Each module of the generator and when it runs; a module may name only modules of
/// its own rank or lower. Shared vocabulary (errors, diagnostics, the IR, naming) sits
/// where its first user is.
const STAGES: &[(&str, u8)] = &[
    ("error", 0),
    ("diagnostics", 0),
    ("postman", 1),
    ("resolve", 2),
    ("ir", 3),
    ("naming", 3),
    ("reserved", 3),
    ("profile", 3),
    ("infer", 3),
    ("lower", 4),
    ("check", 5),
    // `crate::model` is lib.rs's entry point for resolve, lower and check together.
    ("model", 5),
    // Renders the checked model for the IR snapshots; nothing but tests reads it.
    ("review", 5),
    ("emit", 6),
    ("print", 7),
    ("freshness", 8),
    ("write", 8),
    // Compares two collections' models for `cargo xtask diff`: a user of the whole
    // pipeline, like freshness and write.
    ("diff", 8),
];

fn rank(module: &str) -> u8 {
    STAGES
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, rank)| *rank)
        .unwrap_or_else(|| panic!("codegen/src/{module} is not in STAGES: place it"))
}

#[derive(Default)]
struct CrateRefs(BTreeSet<String>);

impl<'ast> Visit<'ast> for CrateRefs {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if segments.next().is_some_and(|s| s.ident == "crate") {
            if let Some(module) = segments.next() {
                self.0.insert(module.ident.to_string());
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(path) = &item.tree {
            if path.ident == "crate" {
                collect_first(&path.tree, &mut self.0);
            }
        }
    }
}

/// The first name(s) of a use tree: `crate::{a::X, b}` names `a` and `b`.
fn collect_first(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => {
            out.insert(path.ident.to_string());
        }
        syn::UseTree::Name(name) => {
            out.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            out.insert(rename.ident.to_string());
        }
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| collect_first(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_generator_module_refers_to_a_later_stage() {
    let src = workspace().join("codegen/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("below src");
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_string())
            .expect("a module");
        if module == "lib" {
            // The crate root runs the stages in order; it is the one place that names them all.
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable");
        let syntax = syn::parse_file(&text).expect("parses");
        let mut refs = CrateRefs::default();
        refs.visit_file(&syntax);
        for target in refs.0 {
            // Items re-exported at the crate root (`crate::Error`) belong to their module.
            let target = match target.as_str() {
                "Error" => "error".to_string(),
                "Diagnostics" => "diagnostics".to_string(),
                "GeneratedFile" => "print".to_string(),
                "Profile" => "profile".to_string(),
                _ => target,
            };
            if target != module && rank(&target) > rank(&module) {
                violations.push(format!(
                    "{} refers to the later stage `{target}`",
                    relative.display()
                ));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
