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
        let result = mainwp_codegen::generate_file(&path, None);
        let message = match result {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(err) => err.to_string(),
        };
        // One line of the .expect file per problem: a single run reports them all.
        for expected in expected.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                message.contains(expected),
                "{}: expected the error to mention {expected:?}, got: {message}",
                path.display()
            );
        }
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
    let err = mainwp_codegen::model(&collection, None).expect_err("unsupported body mode");
    assert!(err.to_string().contains("Sites / Odd"), "{err}");
    assert!(err.to_string().contains("protobuf"), "{err}");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let path = workspace().join("tests/fixtures/invalid/several_problems_in_one_file.json");
    let err = mainwp_codegen::generate_file(&path, None).expect_err("six problems");
    let mainwp_codegen::Error::Invalid(problems) = &err else {
        panic!("not a list of problems: {err}");
    };
    // Resolving reports before lowering, so the order is by stage; the set is the point.
    let mut located: Vec<(Option<&str>, Option<&str>)> = problems
        .iter()
        .map(|p| {
            (
                p.location.request.as_deref(),
                p.location.json_path.as_deref(),
            )
        })
        .collect();
    located.sort();
    assert_eq!(
        located,
        [
            (Some("Everything wrong"), Some("item[2].request.body.mode")),
            (Some("Everything wrong"), Some("item[2].request.method")),
            (Some("Everything wrong"), Some("item[2].request.url")),
            (
                Some("Sites / Brew site coffee"),
                Some("item[0].item[2].request.method")
            ),
            (
                Some("Sites / Get site without url"),
                Some("item[0].item[1].request")
            ),
            (
                Some("Upload protobuf payload"),
                Some("item[1].request.body.mode")
            ),
        ],
        "{err}"
    );
    assert!(
        problems.iter().all(|p| p
            .location
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("several_problems_in_one_file.json"))),
        "{err}"
    );
    assert!(err.to_string().starts_with("6 problems:\n"), "{err}");
}
