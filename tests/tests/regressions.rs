//! Inputs that once made the generator panic or emit code that does not compile,
//! found by the property tests (`properties.rs`, including the ignored random-crate
//! compile check) and the fuzz target (`fuzz/`), minimised by hand.
//!
//! Every case goes through parse -> lower -> emit without a panic, and
//! [`every_case_compiles_without_warnings`] checks the crates of all cases at once.

use std::panic::{catch_unwind, AssertUnwindSafe};

use mainwp_codegen::ir::{Api, BodyEncoding, Operation, Resource, TypeKind, TypeRef};
use mainwp_codegen::GeneratedFile;

/// A request item: `name`, GET `{{baseUrl}}/<path>`, one example answering `answer`.
fn request(name: &str, path: &str, answer: &str) -> String {
    format!(
        r#"{{"name": {name:?}, "request": {{"method": "GET", "url": "{{{{baseUrl}}}}/{path}"}},
            "response": [{{"name": "OK", "code": 200, "body": {answer:?}}}]}}"#
    )
}

/// A request item with a body.
fn request_with_body(name: &str, body: &str) -> String {
    format!(
        r#"{{"name": {name:?}, "request": {{"method": "POST", "url": "{{{{baseUrl}}}}/x", "body": {body}}}}}"#
    )
}

fn collection(items: &[String]) -> String {
    format!(
        r#"{{"info": {{"name": "Regression"}},
            "variable": [{{"key": "baseUrl", "value": "https://api.example.com/v1"}}],
            "item": [{}]}}"#,
        items.join(",")
    )
}

fn folder(name: &str, items: &[String]) -> String {
    format!(r#"{{"name": {name:?}, "item": [{}]}}"#, items.join(","))
}

/// Runs the whole pipeline on `text`: a panic fails the test and names the input, an
/// error must say something, and every Rust file generated must parse.
fn pipeline(text: &str) -> Option<(Api, Vec<GeneratedFile>)> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let collection = mainwp_codegen::postman::parse_str(text, "regression.json")?;
        mainwp_codegen::generate(&collection, None).map(|g| (g.api, g.files))
    }));
    match outcome {
        Err(_) => panic!("the generator panicked on:\n{text}"),
        Ok(Err(err)) => {
            assert!(
                !err.to_string().trim().is_empty(),
                "an error without a message"
            );
            None
        }
        Ok(Ok((api, files))) => {
            for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
                syn::parse_file(&file.contents)
                    .unwrap_or_else(|err| panic!("{} does not parse: {err}", file.path));
            }
            Some((api, files))
        }
    }
}

/// Like [`pipeline`], and the input must generate.
fn generates(text: &str) -> (Api, Vec<GeneratedFile>) {
    pipeline(text).unwrap_or_else(|| panic!("rejected:\n{text}"))
}

fn operations(resource: &Resource) -> Vec<&Operation> {
    let mut out: Vec<&Operation> = resource.operations.iter().collect();
    for child in &resource.children {
        out.extend(operations(child));
    }
    out
}

fn operation<'a>(api: &'a Api, title: &str) -> &'a Operation {
    operations(&api.root)
        .into_iter()
        .find(|o| o.title == title)
        .unwrap_or_else(|| panic!("no operation {title:?}"))
}

/// A title starting with a digit gave the crate name `0`, no Rust identifier:
/// `Ident::new` panicked emitting the contract tests. (proptest)
fn title_that_is_a_number() -> Vec<String> {
    ["0", "1.2", "2fa API", "_1"]
        .iter()
        .map(|title| format!(r#"{{"info": {{"name": "{title}"}}, "item": []}}"#))
        .collect()
}

#[test]
fn title_that_is_a_number_names_a_valid_crate() {
    for text in title_that_is_a_number() {
        let (api, _) = generates(&text);
        assert!(api.crate_name.starts_with("api-"), "{}", api.crate_name);
    }
}

/// Requests named `String`, `Result`, `Vec` got builders of those names, which shadow
/// the prelude in their module: `Result<crate::Request, ..>` no longer compiled; a
/// member `option` typed `struct Option` broke `types.rs` the same way. (random
/// crates compile check)
fn prelude_names() -> String {
    collection(&[folder(
        "Things",
        &[
            request("String", "a", r#"{"option": {"a": 1}, "vec": [{"b": 1}]}"#),
            request("Result", "b", "{}"),
            request("Vec", "c", "[]"),
            request("Option", "d", "[]"),
            request("Default", "e", "[]"),
        ],
    )])
}

#[test]
fn prelude_names_are_not_given_to_generated_types() {
    let (api, _) = generates(&prelude_names());
    let taken: Vec<&str> = operations(&api.root)
        .iter()
        .map(|o| o.builder_name.as_str())
        .chain(api.types.iter().map(|t| t.name.as_str()))
        .collect();
    for name in ["String", "Result", "Vec", "Option", "Default"] {
        assert!(!taken.contains(&name), "{name} was given out: {taken:?}");
    }
}

/// An optional query parameter `to_request` became a setter beside the builder's own
/// `to_request`: a duplicate definition. (random crates compile check)
fn setter_named_to_request() -> String {
    let query: Vec<String> = ["to_request", "send", "body", "stream", "collect_all"]
        .iter()
        .map(|key| format!(r#"{{"key": "{key}", "value": "1", "disabled": true}}"#))
        .collect();
    collection(&[format!(
        r#"{{"name": "Get", "request": {{"method": "GET", "url": {{
            "raw": "{{{{baseUrl}}}}/a", "host": ["{{{{baseUrl}}}}"], "path": ["a"],
            "query": [{}]}}}}}}"#,
        query.join(",")
    )])
}

#[test]
fn setters_do_not_take_builder_method_names() {
    let (api, _) = generates(&setter_named_to_request());
    let idents: Vec<&str> = operation(&api, "Get")
        .query_params
        .iter()
        .map(|q| q.ident.as_str())
        .collect();
    assert_eq!(idents.len(), 5, "{idents:?}");
    for name in ["to_request", "send", "body", "stream", "collect_all"] {
        assert!(!idents.contains(&name), "{name} in {idents:?}");
    }
}

/// The methods of the runtime's `impl Client` blocks, public or not, read from the
/// runtime a generated crate carries.
fn client_methods(files: &[GeneratedFile]) -> Vec<String> {
    let client = files
        .iter()
        .find(|f| f.path == "src/runtime/client.rs")
        .expect("the runtime has client.rs");
    let file = syn::parse_file(&client.contents).expect("client.rs parses");
    let mut out = Vec::new();
    for item in file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let is_client = block.trait_.is_none()
            && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client {
            continue;
        }
        for member in block.items {
            if let syn::ImplItem::Fn(method) = member {
                out.push(method.sig.ident.to_string());
            }
        }
    }
    out
}

/// A root-level request named `send` became `Client::send`, which the runtime's
/// `Client` already has (privately): a duplicate definition. The names come from the
/// runtime itself, so a method added there is covered here. (random crates compile check)
fn root_requests_named_like_client_methods() -> String {
    let (_, files) = generates(&collection(&[]));
    let methods = client_methods(&files);
    assert!(
        methods.len() >= 5,
        "could not read the Client's methods: {methods:?}"
    );
    let items: Vec<String> = methods
        .iter()
        .enumerate()
        .map(|(index, name)| request(name, &format!("m{index}"), "{}"))
        .collect();
    collection(&items)
}

#[test]
fn root_operations_do_not_take_client_method_names() {
    let (_, files) = generates(&collection(&[]));
    let methods = client_methods(&files);
    let (api, _) = generates(&root_requests_named_like_client_methods());
    for op in &api.root.operations {
        assert!(
            !methods.contains(&op.method_name),
            "root operation {:?} is named like Client::{}",
            op.title,
            op.method_name
        );
    }
}

/// Folders named after crates the generated code names by path (`serde_json::Value`,
/// `std::collections::BTreeMap`, `reqwest::Method`) became crate-root modules that
/// shadow those crates in `lib.rs`. (random crates compile check)
fn folders_named_like_crates() -> String {
    let folders: Vec<String> = ["serde", "serde_json", "std", "reqwest", "futures", "url"]
        .iter()
        .map(|name| folder(name, &[request("List", name, "[]")]))
        .collect();
    let mut items = folders;
    // Root operations put `std::collections::BTreeMap` and `reqwest::Method` in lib.rs.
    items.push(request(
        "Keyed",
        "keyed",
        r#"{"1": {"a": 1}, "2": {"a": 2}}"#,
    ));
    items.push(request_with_body(
        "Create",
        r#"{"mode": "raw", "raw": "{\"a\": 1}"}"#,
    ));
    collection(&items)
}

#[test]
fn resource_modules_do_not_shadow_crates() {
    let (api, _) = generates(&folders_named_like_crates());
    for child in &api.root.children {
        assert!(
            !["serde", "serde_json", "std", "reqwest", "futures", "url"]
                .contains(&child.module.as_str()),
            "module {}",
            child.module
        );
    }
}

/// A multipart form with `message` as text and as a file gave a struct with two
/// members named `message` (serde: unreachable pattern). (random crates compile check)
fn form_key_as_text_and_file() -> String {
    collection(&[request_with_body(
        "Upload",
        r#"{"mode": "formdata", "formdata": [
            {"key": "message", "value": "hi", "type": "text"},
            {"key": "message", "src": "/tmp/a.png", "type": "file"},
            {"key": "file", "src": "/tmp/a.png", "type": "file"},
            {"key": "file", "src": "/tmp/b.png", "type": "file"}
        ]}"#,
    )])
}

#[test]
fn a_form_key_given_twice_is_one_field() {
    let (api, _) = generates(&form_key_as_text_and_file());
    let body = operation(&api, "Upload").body.as_ref().expect("a body");
    let fields: Vec<&str> = body.setters.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(fields, ["message", "file"]);
}

/// Form keys that look like data (`123`, `a.b`) made the body a map, which a
/// multipart body cannot send field by field: the body was silently dropped and
/// `body` left unused. (random crates compile check)
fn form_with_data_like_keys() -> String {
    collection(&[
        request_with_body(
            "Upload",
            r#"{"mode": "formdata", "formdata": [
                {"key": "123", "value": "a", "type": "text"},
                {"key": "a.b", "value": "b", "type": "text"}
            ]}"#,
        ),
        request_with_body(
            "Send",
            r#"{"mode": "urlencoded", "urlencoded": [{"key": "https://x.example", "value": "1"}]}"#,
        ),
    ])
}

#[test]
fn form_bodies_are_structs_whatever_their_keys() {
    let (api, _) = generates(&form_with_data_like_keys());
    for title in ["Upload", "Send"] {
        let body = operation(&api, title).body.as_ref().expect("a body");
        let TypeRef::Named(name) = &body.ty else {
            panic!("{title}: the body is {:?}", body.ty)
        };
        let def = api
            .types
            .iter()
            .find(|t| &t.name == name)
            .expect("the type");
        assert!(matches!(def.kind, TypeKind::Struct(_)), "{title}: {def:?}");
        assert!(!body.setters.is_empty(), "{title}: no setters");
    }
}

/// A form without a single named field became an empty struct body whose multipart
/// encoding left `let mut parts` unused. (random crates compile check)
fn empty_forms() -> String {
    collection(&[
        request_with_body("Empty multipart", r#"{"mode": "formdata", "formdata": []}"#),
        request_with_body(
            "Unnamed multipart",
            r#"{"mode": "formdata", "formdata": [{"key": "", "value": "x"}]}"#,
        ),
        request_with_body(
            "Empty form",
            r#"{"mode": "urlencoded", "urlencoded": null}"#,
        ),
    ])
}

#[test]
fn a_form_without_fields_is_no_body() {
    let (api, _) = generates(&empty_forms());
    for op in operations(&api.root) {
        assert!(
            op.body.is_none()
                || !matches!(
                    op.body.as_ref().map(|b| &b.encoding),
                    Some(BodyEncoding::Form | BodyEncoding::Multipart)
                ),
            "{}: {:?}",
            op.title,
            op.body
        );
    }
}

/// Answers nested a hundred deep gave `Vec<Vec<...>>` a hundred deep, and parsing
/// that type overflowed the stack (a debug build with a 2 MB test thread aborts at
/// about 60): an abort, not even a panic. (deep-nesting probe after the stack
/// overflow of a proptest strategy)
fn deep_answers() -> String {
    let depth = 126;
    let arrays = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let maps = format!("{}1{}", "{\"1\":".repeat(depth), "}".repeat(depth));
    collection(&[
        request("Arrays", "arrays", &arrays),
        request("Objects", "objects", &objects),
        request("Maps", "maps", &maps),
        request_with_body("Send", &format!(r#"{{"mode": "raw", "raw": {arrays:?}}}"#)),
    ])
}

#[test]
fn deeply_nested_answers_do_not_overflow_the_stack() {
    fn nesting(ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Option(inner) | TypeRef::List(inner) | TypeRef::Map(inner) => {
                1 + nesting(inner)
            }
            _ => 0,
        }
    }
    let (api, _) = generates(&deep_answers());
    for op in operations(&api.root) {
        if let mainwp_codegen::ir::ResponseBody::Json(ty) = &op.response {
            assert!(nesting(ty) <= 16, "{}: {ty:?}", op.title);
        }
    }
}

/// A folder path makes a module, and a module a file: a long folder name or a deep
/// path gave file names of 300 to 1000 bytes, which no file system takes (255).
/// (long-name probe)
fn long_folder_names() -> String {
    let long = "Very long folder name ".repeat(15);
    let mut nested = folder("Leaf", &[request("Get", "a", "{}")]);
    for level in 0..60 {
        nested = folder(&format!("Level {level} of many"), &[nested]);
    }
    collection(&[folder(&long, &[request("Get", "a", "{}")]), nested])
}

#[test]
fn module_file_names_stay_short() {
    let (_, files) = generates(&long_folder_names());
    for file in &files {
        for part in file.path.split('/') {
            assert!(part.len() <= 110, "{} bytes: {part}", part.len());
        }
    }
}

/// Every case's crate, checked at once like the fixture corpus (`corpus_compiles.rs`).
#[test]
fn every_case_compiles_without_warnings() {
    let mut cases: Vec<(String, String)> = title_that_is_a_number()
        .into_iter()
        .enumerate()
        .map(|(index, text)| (format!("title_{index}"), text))
        .collect();
    cases.extend([
        ("prelude_names".to_string(), prelude_names()),
        (
            "setter_named_to_request".to_string(),
            setter_named_to_request(),
        ),
        (
            "root_requests_named_like_client_methods".to_string(),
            root_requests_named_like_client_methods(),
        ),
        (
            "folders_named_like_crates".to_string(),
            folders_named_like_crates(),
        ),
        (
            "form_key_as_text_and_file".to_string(),
            form_key_as_text_and_file(),
        ),
        (
            "form_with_data_like_keys".to_string(),
            form_with_data_like_keys(),
        ),
        ("empty_forms".to_string(), empty_forms()),
        ("deep_answers".to_string(), deep_answers()),
        ("long_folder_names".to_string(), long_folder_names()),
    ]);
    let crates: Vec<(String, Vec<GeneratedFile>)> = cases
        .iter()
        .map(|(module, text)| (module.clone(), generates(text).1))
        .collect();
    let check = workspace_tests::check_as_modules(&crates, "corpus-check");
    println!("regression cases: `cargo check` took {:.2?}", check.took);
    check.assert_clean("the generated code of the regression cases");
}

/// Text with a carriage return or a bidi control (U+202E, U+2066, ...) where it
/// reaches a doc comment: the collection description, a folder or request name, an
/// auth type, a JSON member name. A bare CR in `///` does not even lex (the emitted
/// file does not parse), and a bidi control in a comment is a deny-by-default lint.
/// Fixed in `emit/docs.rs`: every doc text drops those characters. (fuzz: `fuzz/artifacts/generate/crash-62e9e50f...` and
/// `crash-9cc1f9ce...`, mutated fixtures, minimised to these)
fn control_characters_in_docs() -> Vec<String> {
    let mut cases = Vec::new();
    for c in ["\\r", "\\u202e", "\\u2066"] {
        cases.push(format!(
            r#"{{"info": {{"name": "x", "description": "a{c}b"}}, "item": []}}"#
        ));
        cases.push(format!(
            r#"{{"info": {{"name": "x"}}, "auth": {{"type": "be{c}arer"}}, "item": []}}"#
        ));
        // Minimised by the stable fuzzer: a path segment reaches the builder's doc.
        cases.push(format!(
            r#"{{"info": {{}}, "item": [{{"request": {{"url": {{"path": ["{c}"]}}}}}}]}}"#
        ));
        cases.push(collection(&[folder(
            &format!("F{c}G"),
            &[request(
                &format!("G{c}H"),
                "a",
                &format!(r#"{{"a{c}b": 1}}"#),
            )],
        )]));
    }
    cases
}

#[test]
fn control_characters_in_docs_give_valid_code() {
    let crates: Vec<(String, Vec<GeneratedFile>)> = control_characters_in_docs()
        .iter()
        .enumerate()
        .map(|(index, text)| (format!("case_{index}"), generates(text).1))
        .collect();
    let check = workspace_tests::check_as_modules(&crates, "corpus-check");
    check.assert_clean("the generated code of collections with control characters");
}
