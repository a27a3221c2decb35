//! The reserved-name table lowering reads (`mainwp_codegen::reserved`) agrees with what
//! the emitter and the runtime define: every method, module and exported type they add
//! is in it, so a name from a collection can never collide with one of them.

use std::collections::BTreeSet;

use mainwp_codegen::ir::Api;
use mainwp_codegen::reserved;
use workspace_tests::workspace;

/// A small API that makes every kind of generated item: a folder, a paged list with a
/// body-less builder, a write with a JSON body, a root request.
const COLLECTION: &str = r#"{
  "info": {"name": "Reserved names"},
  "item": [
    {"name": "Ping", "request": {"url": "https://x.example/api/ping"}},
    {"name": "Sites", "item": [
      {"name": "List sites", "request": {"url": "https://x.example/api/sites?page=1&per_page=2"},
       "response": [{"name": "OK", "code": 200, "body": "[{\"id\": 1}]"}]},
      {"name": "Create site", "request": {"method": "POST", "url": "https://x.example/api/sites",
       "body": {"mode": "raw", "raw": "{\"name\": \"a\"}"}}}
    ]}
  ]
}"#;

fn generated() -> (Api, Vec<mainwp_codegen::GeneratedFile>) {
    let collection =
        mainwp_codegen::postman::parse_str(COLLECTION, "reserved.json").expect("parses");
    let generated = mainwp_codegen::generate(&collection, None).expect("generates");
    (generated.api, generated.files)
}

fn parse(text: &str) -> syn::File {
    syn::parse_file(text).expect("Rust that parses")
}

fn source(files: &[mainwp_codegen::GeneratedFile], path: &str) -> syn::File {
    let file = files.iter().find(|f| f.path == path).expect("the file");
    parse(&file.contents)
}

/// Method names of every `impl` (inherent or trait) of the type `name`.
fn methods_of(file: &syn::File, name: &str) -> BTreeSet<String> {
    methods_in(file, name, true)
}

/// Method names of the `impl`s of the type `name`; trait impls only with `traits`.
fn methods_in(file: &syn::File, name: &str, traits: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(ty) = &*block.self_ty else {
            continue;
        };
        if ty.path.segments.last().is_none_or(|s| s.ident != name)
            || (block.trait_.is_some() && !traits)
        {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(method) = member {
                out.insert(method.sig.ident.to_string());
            }
        }
    }
    out
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn not_reserved(defined: &BTreeSet<String>, table: &[&str]) -> Vec<String> {
    defined.difference(&set(table)).cloned().collect()
}

#[test]
fn every_client_method_of_runtime_and_lib_rs_is_reserved() {
    let runtime = parse(
        &std::fs::read_to_string(workspace().join("runtime/src/client.rs")).expect("readable"),
    );
    // Inherent methods: a generated inherent method would clash with them. Trait methods
    // (`Debug::fmt`) are called through their trait and do not clash.
    let runtime_methods = methods_in(&runtime, "Client", false);
    assert!(
        runtime_methods.contains("send_once"),
        "private methods count"
    );
    assert_eq!(
        not_reserved(&runtime_methods, reserved::CLIENT_METHODS),
        Vec::<String>::new()
    );

    let (api, files) = generated();
    let mut lib_methods = methods_of(&source(&files, "src/lib.rs"), "Client");
    for child in &api.root.children {
        lib_methods.remove(&child.accessor);
    }
    for op in &api.root.operations {
        lib_methods.remove(&op.method_name);
    }
    assert_eq!(
        not_reserved(&lib_methods, reserved::CLIENT_METHODS),
        Vec::<String>::new()
    );

    // And nothing in the table is stale: each name is defined somewhere.
    let defined: BTreeSet<String> = runtime_methods
        .union(&lib_methods)
        .cloned()
        .chain(["clone".to_string()])
        .collect();
    assert_eq!(
        set(reserved::CLIENT_METHODS)
            .difference(&defined)
            .collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
}

#[test]
fn every_builder_and_handle_method_the_emitter_defines_is_reserved() {
    let (api, files) = generated();
    let sites = &api.root.children[0];
    let module = source(&files, &format!("src/{}.rs", sites.module));
    let mut handle = methods_of(&module, &sites.type_name);
    for op in &sites.operations {
        handle.remove(&op.method_name);
    }
    assert_eq!(
        not_reserved(&handle, reserved::HANDLE_METHODS),
        Vec::<String>::new()
    );

    // The mock's handle of the same folder (an inline module of src/mock.rs).
    let mock = source(&files, "src/mock.rs");
    let mock_module = mock
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == sites.module => m.content.as_ref(),
            _ => None,
        })
        .expect("the mock module of the folder");
    let mock_file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: mock_module.1.clone(),
    };
    let mut mock_handle = methods_of(&mock_file, &sites.type_name);
    assert!(mock_handle.contains("client"), "{mock_handle:?}");
    for op in &sites.operations {
        mock_handle.remove(&op.method_name);
    }
    assert_eq!(
        not_reserved(&mock_handle, reserved::HANDLE_METHODS),
        Vec::<String>::new()
    );

    let mut seen = BTreeSet::new();
    for (resource, op) in api.operations() {
        let file = if resource.location.is_empty() {
            source(&files, "src/lib.rs")
        } else {
            source(&files, &format!("src/{}.rs", resource.module))
        };
        let mut methods = methods_of(&file, &op.builder_name);
        for param in &op.query_params {
            methods.remove(&param.ident);
        }
        for setter in op.body.iter().flat_map(|b| &b.setters) {
            methods.remove(&setter.method);
        }
        seen.extend(methods.iter().cloned());
        assert_eq!(
            not_reserved(&methods, reserved::BUILDER_METHODS),
            Vec::<String>::new(),
            "builder {}",
            op.builder_name
        );
    }
    for expected in ["send", "body", "stream", "collect_all", "to_request"] {
        assert!(seen.contains(expected), "no builder defined `{expected}`");
    }
}

#[test]
fn every_type_the_runtime_exports_is_reserved() {
    let root =
        parse(&std::fs::read_to_string(workspace().join("runtime/src/mod.rs")).expect("readable"));
    let mut exported = BTreeSet::new();
    fn names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => names(&path.tree, out),
            syn::UseTree::Name(name) => {
                out.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                out.insert(rename.rename.to_string());
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| names(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    for item in &root.items {
        if let syn::Item::Use(item) = item {
            if matches!(item.vis, syn::Visibility::Public(_)) {
                names(&item.tree, &mut exported);
            }
        }
    }
    // Types and traits (upper camel case); functions and constants live in other namespaces.
    exported.retain(|n| {
        n.starts_with(|c: char| c.is_ascii_uppercase())
            && n.contains(|c: char| c.is_ascii_lowercase())
    });
    assert!(exported.contains("Client"), "{exported:?}");
    assert_eq!(
        not_reserved(&exported, reserved::TYPE_NAMES),
        Vec::<String>::new()
    );
}

#[test]
fn every_module_lib_rs_declares_is_a_folder_or_reserved() {
    let (api, files) = generated();
    let lib = source(&files, "src/lib.rs");
    let mut modules: BTreeSet<String> = lib
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) => Some(module.ident.to_string()),
            _ => None,
        })
        .collect();
    for resource in api.resources() {
        modules.remove(&resource.module);
    }
    assert_eq!(
        not_reserved(&modules, reserved::CRATE_MODULES),
        Vec::<String>::new()
    );
}

#[test]
fn every_mock_server_method_of_runtime_and_mock_rs_is_reserved() {
    let runtime =
        parse(&std::fs::read_to_string(workspace().join("runtime/src/mock.rs")).expect("readable"));
    let runtime_methods = methods_in(&runtime, "Server", false);
    assert!(runtime_methods.contains("verify"), "{runtime_methods:?}");
    assert_eq!(
        not_reserved(&runtime_methods, reserved::MOCK_SERVER_METHODS),
        Vec::<String>::new()
    );

    // The generated half: the server's own methods, besides the folder accessors and
    // the stubs of root requests (which take the client's names, reserved as such).
    let (api, files) = generated();
    let mut mock_methods = methods_of(&source(&files, "src/mock.rs"), "Server");
    assert!(mock_methods.contains("start"), "{mock_methods:?}");
    for child in &api.root.children {
        mock_methods.remove(&child.accessor);
    }
    for op in &api.root.operations {
        mock_methods.remove(&op.method_name);
    }
    assert_eq!(
        not_reserved(&mock_methods, reserved::MOCK_SERVER_METHODS),
        Vec::<String>::new()
    );

    let defined: BTreeSet<String> = runtime_methods.union(&mock_methods).cloned().collect();
    assert_eq!(
        set(reserved::MOCK_SERVER_METHODS)
            .difference(&defined)
            .collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
}
