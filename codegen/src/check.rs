//! Checks the API model before anything is emitted from it: the rules lowering promises
//! (valid and unique names, references that resolve) hold, or each broken one is
//! reported with the operation it concerns. A broken rule is a generator bug; catching
//! it here names it, where emitted code would only fail to compile.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostics, Kind, Location};
use crate::ir::*;

/// Words that cannot name anything in edition 2024 beyond the ones `syn` rejects.
const MORE_KEYWORDS: &[&str] = &["gen"];

/// Reports every broken rule of `api` to `diagnostics`, as errors of kind `Internal`.
pub fn check(api: &Api, diagnostics: &mut Diagnostics) {
    let mut report = |place: &str, message: String| {
        let location = if place.is_empty() {
            Location::collection()
        } else {
            Location {
                request: Some(place.to_string()),
                ..Location::default()
            }
        };
        diagnostics.error(Kind::Internal, location, message);
    };

    let mut type_names = BTreeSet::new();
    let mut claim_type = |name: &str, place: &str, report: &mut dyn FnMut(&str, String)| {
        if !type_names.insert(name.to_string()) {
            report(place, format!("the type name `{name}` is used twice"));
        }
    };
    for def in &api.types {
        claim_type(&def.name, "", &mut report);
    }
    for param in &api.path_types {
        claim_type(&param.type_name, "", &mut report);
    }
    let defined: BTreeSet<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
    let path_types: BTreeSet<&str> = api
        .path_types
        .iter()
        .map(|p| p.type_name.as_str())
        .collect();

    let mut modules = BTreeSet::new();
    for resource in api.resources() {
        let place = resource.location.join(" / ");
        if !resource.location.is_empty() {
            claim_type(&resource.type_name, &place, &mut report);
            if !modules.insert(resource.module.as_str()) {
                report(
                    &place,
                    format!("the module `{}` is used twice", resource.module),
                );
            }
            ident(&resource.module, &place, &mut report);
            ident(&resource.accessor, &place, &mut report);
        }
        let mut members = BTreeSet::new();
        for name in resource
            .children
            .iter()
            .map(|c| &c.accessor)
            .chain(resource.operations.iter().map(|o| &o.method_name))
        {
            if !members.insert(name.as_str()) {
                report(&place, format!("the method `{name}` is defined twice"));
            }
        }
    }

    for (_, op) in api.operations() {
        let place = op.location.as_str();
        claim_type(&op.builder_name, place, &mut report);
        ident(&op.method_name, place, &mut report);
        for segment in &op.path {
            if let PathSegment::Param(index) = segment {
                if *index >= op.path_params.len() {
                    report(
                        place,
                        format!("path segment names parameter {index}, which does not exist"),
                    );
                }
            }
        }
        let mut builder_members = BTreeSet::new();
        let setters = op
            .body
            .iter()
            .flat_map(|b| b.setters.iter().map(|s| &s.method));
        for name in op
            .path_params
            .iter()
            .map(|p| &p.ident)
            .chain(op.query_params.iter().map(|q| &q.ident))
            .chain(setters)
        {
            ident(name, place, &mut report);
            if !builder_members.insert(name.as_str()) {
                report(
                    place,
                    format!("the builder member `{name}` is defined twice"),
                );
            }
        }
        for ty in op
            .path_params
            .iter()
            .map(|p| &p.ty)
            .chain(op.query_params.iter().map(|q| &q.ty))
        {
            if let ParamType::Named(name) = ty {
                if !path_types.contains(name.as_str()) {
                    report(place, format!("parameter type `{name}` is not defined"));
                }
            }
        }
        let mut refs = Vec::new();
        if let Some(body) = &op.body {
            refs.push(&body.ty);
        }
        if let ResponseBody::Json(ty) = &op.response {
            refs.push(ty);
        }
        for ty in refs {
            named_types(ty, &defined, place, &mut report);
        }
    }

    for def in &api.types {
        let place = format!("type {}", def.name);
        ident(&def.name, &place, &mut report);
        match &def.kind {
            TypeKind::Alias(ty) => named_types(ty, &defined, &place, &mut report),
            TypeKind::Struct(body) => {
                let mut fields = BTreeSet::new();
                for field in &body.fields {
                    ident(&field.ident, &place, &mut report);
                    if !fields.insert(field.ident.as_str()) {
                        report(
                            &place,
                            format!("the field `{}` is defined twice", field.ident),
                        );
                    }
                    named_types(&field.ty, &defined, &place, &mut report);
                }
            }
        }
    }
}

/// Reports a name that is not a plain Rust identifier (or is a keyword).
fn ident(name: &str, place: &str, report: &mut dyn FnMut(&str, String)) {
    let valid = syn::parse_str::<syn::Ident>(name).is_ok()
        && !name.starts_with("r#")
        && !MORE_KEYWORDS.contains(&name);
    if !valid {
        report(place, format!("`{name}` is not a valid Rust identifier"));
    }
}

/// Reports every named type inside `ty` that is not defined.
fn named_types(
    ty: &TypeRef,
    defined: &BTreeSet<&str>,
    place: &str,
    report: &mut dyn FnMut(&str, String),
) {
    match ty {
        TypeRef::Named(name) if !defined.contains(name.as_str()) => {
            report(place, format!("the type `{name}` is not defined"));
        }
        _ => {
            if let Some(inner) = ty.inner() {
                named_types(inner, defined, place, report);
            }
        }
    }
}
