//! Our inferred types beside quicktype's for the same samples (quicktype 26, output
//! committed in tests/fixtures/quicktype/expected, commands in its README). Each case
//! pins both sides: what quicktype made (so the baseline cannot drift unnoticed) and
//! what we make. tests/fixtures/quicktype/COMPARISON.md says where ours are better or worse.

use std::collections::BTreeMap;

use mainwp_codegen::infer::{NameHint, Shape, TypeBuilder};
use mainwp_codegen::ir::{TypeKind, TypeRef};
use mainwp_codegen::naming::NameSet;
use quote::ToTokens;
use workspace_tests::workspace;

fn dir() -> std::path::PathBuf {
    workspace().join("tests/fixtures/quicktype")
}

/// JSON member name -> quicktype's Rust type, over every struct of its output.
fn quicktype_types(sample: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir().join(format!("expected/{sample}.rs")))
        .expect("quicktype output");
    let file = syn::parse_file(&text).expect("quicktype output is Rust");
    let mut out = BTreeMap::new();
    for item in file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        for field in item.fields {
            let mut name = field
                .ident
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default();
            for attr in &field.attrs {
                let tokens = attr.to_token_stream().to_string();
                if let Some(rest) = tokens.split("rename = \"").nth(1) {
                    name = rest.split('"').next().unwrap_or_default().to_string();
                }
            }
            out.entry(name)
                .or_insert_with(|| field.ty.to_token_stream().to_string().replace(' ', ""));
        }
    }
    out
}

fn spell(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Float => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::DateOrTimestamp => "DateOrTimestamp".into(),
        TypeRef::Option(t) => format!("Option<{}>", spell(t)),
        TypeRef::List(t) => format!("Vec<{}>", spell(t)),
        TypeRef::Map(t) => format!("BTreeMap<String,{}>", spell(t)),
        TypeRef::JsonText(t) => format!("JsonText<{}>", spell(t)),
        TypeRef::Named(n) => n.clone(),
    }
}

/// JSON member name -> our Rust type, over every struct we infer from the sample.
fn our_types(sample: &str, top: &str) -> BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(dir().join(format!("samples/{sample}.json"))).expect("sample");
    let value: serde_json::Value = serde_json::from_str(&text).expect("sample is JSON");
    let mut builder = TypeBuilder::new(NameSet::new());
    builder.response_type(&Shape::of(&value), &NameHint::new(top), "");
    let mut out = BTreeMap::new();
    for def in builder.into_defs() {
        let TypeKind::Struct(body) = def.kind else {
            continue;
        };
        for field in body.fields {
            out.entry(field.name).or_insert_with(|| spell(&field.ty));
        }
    }
    out
}

/// (member, quicktype's type, ours)
fn compare(sample: &str, top: &str, cases: &[(&str, &str, &str)]) {
    let theirs = quicktype_types(sample);
    let ours = our_types(sample, top);
    for (member, quicktype, expected) in cases {
        assert_eq!(
            theirs.get(*member).map(String::as_str),
            Some(*quicktype),
            "{sample}: quicktype's `{member}`"
        );
        assert_eq!(
            ours.get(*member).map(String::as_str),
            Some(*expected),
            "{sample}: our `{member}`"
        );
    }
}

#[test]
fn numeric_string_ids_become_numbers_and_a_field_missing_once_is_optional() {
    compare(
        "sites_list",
        "SitesList",
        &[
            // `"14"`: quicktype keeps the wire type; ours is the number the path
            // parameters take, decoded leniently from the string.
            ("id", "String", "i64"),
            ("sync_error", "Option<String>", "Option<String>"),
            ("tags", "Vec<String>", "Vec<String>"),
        ],
    );
}

#[test]
fn objects_keyed_by_id_become_ordered_maps_of_a_named_item() {
    compare(
        "tags",
        "Tags",
        &[(
            "data",
            "HashMap<String,Datum>",
            "BTreeMap<String,TagsDataItem>",
        )],
    );
}

#[test]
fn zero_beside_empty_string_is_an_optional_number_not_an_untagged_enum() {
    compare(
        "monitors",
        "Monitors",
        &[
            ("id", "Id", "Option<i64>"),
            ("response_time", "Option<i64>", "Option<i64>"),
        ],
    );
}

#[test]
fn number_beside_decimal_text_is_one_lenient_float() {
    compare(
        "costs",
        "Costs",
        &[("price", "Price", "f64"), ("id", "i64", "i64")],
    );
}

#[test]
fn flags_with_boolean_names_become_bool() {
    compare(
        "settings",
        "Settings",
        &[
            ("notifications_enabled", "String", "bool"),
            ("hide_child_plugin", "String", "bool"),
            ("auto_update_plugins", "i64", "i64"),
            ("uptime_monitoring", "String", "String"),
        ],
    );
}
