//! Bad input gets an error that says where the problem is, never a panic.

use workspace_tests::workspace;

#[test]
fn each_invalid_collection_is_rejected_with_its_location() {
    let dir = workspace().join("tests/fixtures/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "the invalid corpus is missing");
    for path in cases {
        let expected = std::fs::read_to_string(path.with_extension("expect"))
            .expect("each case has a .expect file");
        let expected = expected.trim();
        let result = mainwp_codegen::generate_file(&path, None);
        let message = match result {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(err) => err.to_string(),
        };
        assert!(
            message.contains(expected),
            "{}: expected the error to mention {expected:?}, got: {message}",
            path.display()
        );
        assert!(
            message.contains(&path.file_name().unwrap().to_string_lossy().to_string())
                || message.contains("request `"),
            "{}: the error does not name the file or request: {message}",
            path.display()
        );
    }
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let err =
        mainwp_codegen::postman::parse_str("{\n  \"info\": {},\n  \"item\": [,]\n}", "broken.json")
            .expect_err("malformed");
    assert_eq!(err.to_string().split(':').next(), Some("broken.json"));
    assert!(err.to_string().contains("line 3 column 12"), "{err}");
}

#[test]
fn wrong_structure_names_the_json_path() {
    let text = r#"{"info": {"name": "x"}, "item": [{"name": "a", "item": [{"name": "b", "request": {"url": {"path": 7}}}]}]}"#;
    let err = mainwp_codegen::postman::parse_str(text, "shape.json").expect_err("wrong shape");
    assert!(
        err.to_string().contains("item[0].item[0].request.url.path"),
        "{err}"
    );
}

#[test]
fn unsupported_request_names_its_folder_path_and_name() {
    let text = r#"{"info": {"name": "x"}, "item": [{"name": "Sites", "item": [{"name": "Odd", "request": {"method": "GET", "url": "{{baseUrl}}/a", "body": {"mode": "protobuf"}}}]}]}"#;
    let collection = mainwp_codegen::postman::parse_str(text, "odd.json").expect("parses");
    let err = mainwp_codegen::lower::lower(&collection, None).expect_err("unsupported body mode");
    assert!(err.to_string().contains("Sites / Odd"), "{err}");
    assert!(err.to_string().contains("protobuf"), "{err}");
}
