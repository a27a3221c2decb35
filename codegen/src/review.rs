//! The API model as a reviewer reads it: one line per operation, one block per type,
//! and for every field the evidence behind its type.
//!
//! This is what the IR snapshots show (`tests/tests/snapshots/ir__*.snap`), so that a
//! change of the collection or of the inference rules reads as a short, meaningful diff.
//! It only reads the model; nothing downstream depends on its wording.

use std::fmt::Write as _;

use crate::ir::{
    Access, Api, Auth, BodyEncoding, Evidence, Field, OperationAuth, OutcomeKind, ParamType,
    PathParamKind, PathSegment, ResponseBody, Struct, TypeDef, TypeDoc, TypeKind,
};
use crate::ir::{Operation, Resource};

/// The whole model, in the review format.
pub fn render(api: &Api) -> String {
    let mut out = String::new();
    header(&mut out, api);
    out.push_str("\noperations:\n");
    operations(&mut out, &api.root, "client.");
    if !api.path_types.is_empty() {
        out.push_str("\npath types:\n");
        for ty in &api.path_types {
            let kind = match &ty.kind {
                PathParamKind::IdOr { other_variant } => format!("id or {other_variant}"),
                PathParamKind::Text => "text".to_string(),
                PathParamKind::OneOf { values, .. } => {
                    let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                    format!("one of {} or other text", listed.join(" | "))
                }
            };
            let _ = writeln!(out, "  {} ({}): {kind}", ty.type_name, ty.param);
        }
    }
    out.push_str("\ntypes:\n");
    for def in &api.types {
        type_block(&mut out, def);
    }
    out
}

fn header(out: &mut String, api: &Api) {
    let _ = writeln!(out, "api: {} (crate {})", api.title, api.crate_name);
    let _ = writeln!(
        out,
        "base url: {} (root `{}`, example {})",
        api.base_url.template,
        api.base_url.api_root,
        api.base_url.example.as_deref().unwrap_or("none"),
    );
    let auth = match &api.auth {
        Auth::None => "none".to_string(),
        Auth::Bearer { variable } => match variable {
            Some(variable) => format!("bearer from {{{{{variable}}}}}"),
            None => "bearer".to_string(),
        },
        Auth::Basic => "basic".to_string(),
        Auth::ApiKey { name, in_query } => {
            let place = if *in_query { "query" } else { "header" };
            format!("api key in {place} `{name}`")
        }
        Auth::Unsupported { kind } => format!("{kind} (not performed)"),
    };
    let _ = writeln!(out, "auth: {auth}");
    match &api.failure_flag {
        Some(flag) => {
            let _ = writeln!(
                out,
                "failure flag: `{}` false beside {}",
                flag.member,
                flag.reason_members.join(" or ")
            );
        }
        None => out.push_str("failure flag: none (status alone)\n"),
    }
}

/// Every operation of `resource` and below, parents first, called as a user would.
fn operations(out: &mut String, resource: &Resource, handle: &str) {
    for operation in &resource.operations {
        let _ = writeln!(out, "  {}", operation_line(handle, operation));
    }
    for child in &resource.children {
        operations(out, child, &format!("{handle}{}().", child.accessor));
    }
}

/// `client.sites().get(id: i64) GET sites/{id} [read] -> Site | 200 ok, 404 rest_no_route`
fn operation_line(handle: &str, operation: &Operation) -> String {
    let mut line = String::new();
    let arguments: Vec<String> = operation
        .path_params
        .iter()
        .map(|p| format!("{}: {}", p.ident, param_type(&p.ty)))
        .chain(
            operation
                .query_params
                .iter()
                .filter(|q| q.required)
                .map(|q| format!("{}: {}", q.ident, param_type(&q.ty))),
        )
        .chain(operation.body.iter().flat_map(|body| {
            body.setters
                .iter()
                .filter(|s| s.required)
                .map(|s| format!("{}: {}", s.method, s.ty))
        }))
        .collect();
    let _ = write!(
        line,
        "{handle}{}({}) {} {}",
        operation.method_name,
        arguments.join(", "),
        operation.http_method.as_str(),
        path_text(operation),
    );
    let setters: Vec<String> = operation
        .query_params
        .iter()
        .filter(|q| !q.required)
        .map(|q| format!(".{}", q.ident))
        .chain(operation.body.iter().flat_map(|body| {
            body.setters
                .iter()
                .filter(|s| !s.required)
                .map(|s| format!(".{}", s.method))
        }))
        .collect();
    if !setters.is_empty() {
        let _ = write!(line, " {}", setters.join(" "));
    }
    if let Some(body) = &operation.body {
        let encoding = match &body.encoding {
            BodyEncoding::Json => "json".to_string(),
            BodyEncoding::Form => "form".to_string(),
            BodyEncoding::Multipart => "multipart".to_string(),
            BodyEncoding::Text { content_type } => format!("text {content_type}"),
            BodyEncoding::Binary => "bytes".to_string(),
            BodyEncoding::GraphQl => "graphql".to_string(),
        };
        let ty = if body.empty_object {
            "{}".to_string()
        } else {
            body.ty.to_string()
        };
        let _ = write!(line, " body {encoding} {ty}");
    }
    let access = match operation.access {
        Access::Read => "read",
        Access::Write => "write",
    };
    let auth = match operation.auth {
        OperationAuth::Client => "",
        OperationAuth::None => ", no auth",
    };
    let answer = match &operation.response {
        ResponseBody::Json(ty) => ty.to_string(),
        ResponseBody::Text => "text".to_string(),
        ResponseBody::Empty => "()".to_string(),
    };
    let _ = write!(line, " [{access}{auth}] -> {answer}");
    if let Some(pagination) = &operation.pagination {
        let _ = write!(line, " pages(.{})", pagination.page_param);
    }
    if let Some(background) = &operation.background {
        let _ = write!(line, " background({})", background.fields.join(", "));
        if let Some(recheck) = &background.recheck {
            let _ = write!(line, " recheck .{}", recheck.method);
        }
    }
    let outcomes: Vec<String> = operation
        .outcomes
        .iter()
        .map(|o| {
            let what = match &o.kind {
                OutcomeKind::Success => "ok".to_string(),
                OutcomeKind::Rejected => "rejected".to_string(),
                OutcomeKind::ApiError { code } => code.clone().unwrap_or_else(|| "error".into()),
                OutcomeKind::NotJson => "not json".to_string(),
            };
            format!("{} {what}", o.status)
        })
        .collect();
    if !outcomes.is_empty() {
        let _ = write!(line, " | {}", outcomes.join(", "));
    }
    line
}

fn path_text(operation: &Operation) -> String {
    let segments: Vec<String> = operation
        .path
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Param(index) => format!("{{{}}}", operation.path_params[*index].name),
        })
        .collect();
    segments.join("/")
}

fn param_type(ty: &ParamType) -> String {
    match ty {
        ParamType::String => "String".to_string(),
        ParamType::Integer => "i64".to_string(),
        ParamType::Boolean => "bool".to_string(),
        ParamType::Named(name) => name.clone(),
    }
}

fn type_block(out: &mut String, def: &TypeDef) {
    let role = match &def.doc {
        TypeDoc::None => String::new(),
        TypeDoc::BodyOf(builder) => format!(" (body of {builder})"),
        TypeDoc::AnswerOf(builder) => format!(" (answer of {builder})"),
        TypeDoc::Text(_) => " (described)".to_string(),
        TypeDoc::Entity { examples, variants } => {
            format!(" (entity: {examples} objects, {variants} member sets)")
        }
        TypeDoc::Acknowledgement => " (acknowledgement)".to_string(),
        TypeDoc::Shared => " (shared)".to_string(),
        TypeDoc::MemberOf { parent, member } => format!(" ({parent}.{member})"),
    };
    match &def.kind {
        TypeKind::Alias(target) => {
            let _ = writeln!(out, "  alias {} = {}{role}", def.name, target);
        }
        TypeKind::Struct(body) => struct_block(out, &def.name, &role, body),
    }
}

fn struct_block(out: &mut String, name: &str, role: &str, body: &Struct) {
    let side = if body.is_request { "body" } else { "answer" };
    let _ = writeln!(out, "  {side} {name}{role}");
    for field in &body.fields {
        let _ = writeln!(out, "    {}", field_line(field, body.is_request));
    }
    if let Some(extra) = &body.unknown_fields {
        let _ = writeln!(out, "    ..{extra}");
    }
}

/// `id: i64  [3/3: int, numeric text; numeric text under a numeric name, read as a number]`
fn field_line(field: &Field, is_request: bool) -> String {
    let name = if field.ident == field.name {
        field.ident.clone()
    } else {
        format!("{} `{}`", field.ident, field.name)
    };
    let required = if field.required { "" } else { " (optional)" };
    format!(
        "{name}: {}{required}  [{}]",
        field.ty,
        evidence_text(&field.evidence, is_request)
    )
}

fn evidence_text(evidence: &Evidence, is_request: bool) -> String {
    let mut text = format!("{}/{}", evidence.present, evidence.records);
    if !evidence.seen.is_empty() {
        let _ = write!(text, ": {}", evidence.seen.join(", "));
    }
    if let Some(rule) = evidence.rule {
        let _ = write!(text, "; {}", rule.describe());
    }
    if is_request && evidence.described_as_required {
        text.push_str("; required by the description");
    }
    text
}
