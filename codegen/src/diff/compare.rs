//! Two API models in, the list of changes out (see the module docs of [`super`] for
//! how each is classed).
//!
//! Operations are paired by HTTP method and path (path parameters compared by position,
//! so renaming one does not unpair them); what is left is paired by folder and request
//! name (the path changed); what is still left was added or removed. Answer and body
//! types are compared by shape, through `Api::types`, member by member.

use std::collections::HashSet;

use super::{Change, ChangeKind, Report, Semver};
use crate::ir::*;

/// Every change from `old` to `new`.
pub fn compare(old: &Api, new: &Api) -> Report {
    let mut out = Changes::default();
    compare_api(old, new, &mut out);
    let old_ops = operations(old);
    let new_ops = operations(new);
    let pairs = pair_operations(&old_ops, &new_ops);
    let mut old_paired = vec![false; old_ops.len()];
    for (new_index, new_op) in new_ops.iter().enumerate() {
        match pairs.iter().find(|p| p.new == new_index) {
            Some(pair) => {
                old_paired[pair.old] = true;
                compare_operation(old, new, &old_ops[pair.old], new_op, &mut out);
            }
            None => out.push(
                ChangeKind::OperationAdded,
                &new_op.label(),
                "",
                None,
                Some(new_op.call()),
                (Semver::Minor, "a new method: existing code is unaffected"),
            ),
        }
    }
    for (old_op, _) in old_ops
        .iter()
        .zip(&old_paired)
        .filter(|(_, paired)| !**paired)
    {
        out.push(
            ChangeKind::OperationRemoved,
            &old_op.label(),
            "",
            Some(old_op.call()),
            None,
            (Semver::Major, "calls to the method stop compiling"),
        );
    }
    Report::new(out.0)
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        kind: ChangeKind,
        operation: &str,
        item: &str,
        before: Option<String>,
        after: Option<String>,
        (semver, reason): (Semver, &str),
    ) {
        self.0.push(Change {
            kind,
            operation: operation.to_string(),
            item: item.to_string(),
            before,
            after,
            semver,
            reason: reason.to_string(),
        });
    }
}

/// An operation and where the caller reaches it.
struct Located<'a> {
    op: &'a Operation,
    /// Folder names from the root down.
    folders: &'a [String],
    /// The accessor chain from the client: `.sites().plugins()`.
    chain: String,
}

impl Located<'_> {
    /// `GET sites/{id_domain}`: how the report names the operation.
    fn label(&self) -> String {
        let path: Vec<String> = self
            .op
            .path
            .iter()
            .map(|segment| match segment {
                PathSegment::Literal(text) => text.clone(),
                PathSegment::Param(index) => self
                    .op
                    .path_params
                    .get(*index)
                    .map(|p| format!("{{{}}}", p.name))
                    .unwrap_or_else(|| "{}".to_string()),
            })
            .collect();
        format!("{} {}", self.op.http_method.as_str(), path.join("/"))
    }

    /// The pairing key: like the label, with path parameters unnamed.
    fn key(&self) -> (HttpMethod, Vec<Option<&str>>) {
        let segments = self
            .op
            .path
            .iter()
            .map(|segment| match segment {
                PathSegment::Literal(text) => Some(text.as_str()),
                PathSegment::Param(_) => None,
            })
            .collect();
        (self.op.http_method.clone(), segments)
    }

    /// `client.sites().get(id_domain)`: the call as a user writes it.
    fn call(&self) -> String {
        format!(
            "client{}.{}({})",
            self.chain,
            self.op.method_name,
            arguments(self.op).join(", ")
        )
    }

    fn folder_path(&self) -> String {
        if self.folders.is_empty() {
            "(root)".to_string()
        } else {
            self.folders.join(" / ")
        }
    }
}

/// The method's arguments in order: path parameters, then required query parameters.
fn arguments(op: &Operation) -> Vec<String> {
    op.path_params
        .iter()
        .map(|p| p.ident.clone())
        .chain(
            op.query_params
                .iter()
                .filter(|q| q.required)
                .map(|q| q.ident.clone()),
        )
        .collect()
}

fn operations(api: &Api) -> Vec<Located<'_>> {
    fn walk<'a>(resource: &'a Resource, chain: &str, out: &mut Vec<Located<'a>>) {
        for op in &resource.operations {
            out.push(Located {
                op,
                folders: &resource.location,
                chain: chain.to_string(),
            });
        }
        for child in &resource.children {
            walk(child, &format!("{chain}.{}()", child.accessor), out);
        }
    }
    let mut out = Vec::new();
    walk(&api.root, "", &mut out);
    out
}

struct Pair {
    old: usize,
    new: usize,
}

/// Pairs old and new operations: first by method and path (preferring, among requests
/// that share them, the same folder and name), then the rest by folder and name.
fn pair_operations(old: &[Located], new: &[Located]) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut take = |pick: &dyn Fn(&Located, &Located) -> bool| {
        for (n, new_op) in new.iter().enumerate() {
            if pairs.iter().any(|p| p.new == n) {
                continue;
            }
            let free = |o: &usize| !pairs.iter().any(|p| p.old == *o);
            let found = (0..old.len()).filter(free).find(|&o| pick(&old[o], new_op));
            if let Some(o) = found {
                pairs.push(Pair { old: o, new: n });
            }
        }
    };
    let same_place = |a: &Located, b: &Located| a.folders == b.folders && a.op.title == b.op.title;
    take(&|a, b| a.key() == b.key() && same_place(a, b));
    take(&|a, b| a.key() == b.key() && a.op.title == b.op.title);
    take(&|a, b| a.key() == b.key());
    take(&same_place);
    pairs
}

fn compare_api(old: &Api, new: &Api, out: &mut Changes) {
    if old.title != new.title {
        out.push(
            ChangeKind::DescriptionChanged,
            "",
            "collection title",
            Some(old.title.clone()),
            Some(new.title.clone()),
            (Semver::Patch, "crate documentation only"),
        );
    }
    if old.description != new.description {
        out.push(
            ChangeKind::DescriptionChanged,
            "",
            "collection description",
            Some(old.description.clone()),
            Some(new.description.clone()),
            (Semver::Patch, "crate documentation only"),
        );
    }
    if old.auth != new.auth {
        let docs_only = matches!(
            (&old.auth, &new.auth),
            (Auth::Bearer { .. }, Auth::Bearer { .. })
        );
        let (semver, reason) = if docs_only {
            (
                Semver::Patch,
                "same scheme; only the variable named in the docs changed",
            )
        } else {
            (
                Semver::Minor,
                "`AUTH_SCHEME` and how the token is sent change; `Client::new` keeps its signature",
            )
        };
        out.push(
            ChangeKind::AuthChanged,
            "",
            "auth",
            Some(auth_text(&old.auth)),
            Some(auth_text(&new.auth)),
            (semver, reason),
        );
    }
    if old.base_url.api_root != new.base_url.api_root {
        out.push(
            ChangeKind::BaseUrlChanged,
            "",
            "API root",
            Some(old.base_url.api_root.clone()),
            Some(new.base_url.api_root.clone()),
            (
                Semver::Minor,
                "`API_ROOT` and where requests go change; the API is unchanged",
            ),
        );
    }
    if old.base_url.template != new.base_url.template
        || old.base_url.example != new.base_url.example
    {
        let text = |url: &BaseUrl| match &url.example {
            Some(example) if *example != url.template => {
                format!("{} ({example})", url.template)
            }
            _ => url.template.clone(),
        };
        out.push(
            ChangeKind::BaseUrlChanged,
            "",
            "base url",
            Some(text(&old.base_url)),
            Some(text(&new.base_url)),
            (
                Semver::Patch,
                "the caller gives the base url; only the docs' example changes",
            ),
        );
    }
    for old_type in &old.path_types {
        match new
            .path_types
            .iter()
            .find(|t| t.type_name == old_type.type_name)
        {
            None => out.push(
                ChangeKind::PathTypeRemoved,
                "",
                &format!("params::{}", old_type.type_name),
                Some(old_type.param.clone()),
                None,
                (Semver::Major, "a public type is gone"),
            ),
            Some(new_type) => {
                if old_type.kind != new_type.kind {
                    out.push(
                        ChangeKind::PathTypeChanged,
                        "",
                        &format!("params::{}", old_type.type_name),
                        Some(path_kind_text(&old_type.kind)),
                        Some(path_kind_text(&new_type.kind)),
                        (Semver::Major, "its variants or shape change"),
                    );
                }
                if old_type.description != new_type.description {
                    out.push(
                        ChangeKind::DescriptionChanged,
                        "",
                        &format!("params::{}", old_type.type_name),
                        Some(old_type.description.clone()),
                        Some(new_type.description.clone()),
                        (Semver::Patch, "documentation only"),
                    );
                }
            }
        }
    }
    for new_type in &new.path_types {
        if !old
            .path_types
            .iter()
            .any(|t| t.type_name == new_type.type_name)
        {
            out.push(
                ChangeKind::PathTypeAdded,
                "",
                &format!("params::{}", new_type.type_name),
                None,
                Some(new_type.param.clone()),
                (Semver::Minor, "a new public type"),
            );
        }
    }
    compare_folder_docs(&old.root, &new.root, out);
}

/// Folder descriptions (folders themselves are reported through their operations).
fn compare_folder_docs(old: &Resource, new: &Resource, out: &mut Changes) {
    if old.description != new.description {
        out.push(
            ChangeKind::DescriptionChanged,
            "",
            &format!("folder {}", new.location.join(" / ")),
            Some(old.description.clone()),
            Some(new.description.clone()),
            (Semver::Patch, "documentation only"),
        );
    }
    for new_child in &new.children {
        if let Some(old_child) = old
            .children
            .iter()
            .find(|c| c.location == new_child.location)
        {
            compare_folder_docs(old_child, new_child, out);
        }
    }
}

fn auth_text(auth: &Auth) -> String {
    match auth {
        Auth::None => "none".to_string(),
        Auth::Bearer { variable: None } => "bearer".to_string(),
        Auth::Bearer {
            variable: Some(variable),
        } => format!("bearer {{{{{variable}}}}}"),
        Auth::Basic => "basic".to_string(),
        Auth::ApiKey {
            name,
            in_query: false,
        } => format!("api key in header `{name}`"),
        Auth::ApiKey {
            name,
            in_query: true,
        } => format!("api key in query `{name}`"),
        Auth::Unsupported { kind } => format!("{kind} (not performed)"),
    }
}

fn path_kind_text(kind: &PathParamKind) -> String {
    match kind {
        PathParamKind::IdOr { other_variant } => {
            format!("enum {{ Id(u64), {other_variant}(String) }}")
        }
        PathParamKind::Text => "struct(String)".to_string(),
        PathParamKind::OneOf {
            values,
            other_variant,
        } => {
            let listed: Vec<&str> = values.iter().map(|v| v.variant.as_str()).collect();
            format!("enum {{ {}, {other_variant}(String) }}", listed.join(", "))
        }
    }
}

fn compare_operation(
    old_api: &Api,
    new_api: &Api,
    old: &Located,
    new: &Located,
    out: &mut Changes,
) {
    let label = new.label();
    let (o, n) = (old.op, new.op);
    let renamed = o.title != n.title || o.method_name != n.method_name;
    if renamed {
        let breaking = o.method_name != n.method_name || o.builder_name != n.builder_name;
        out.push(
            ChangeKind::OperationRenamed,
            &label,
            "",
            Some(format!("{} ({})", o.title, old.call())),
            Some(format!("{} ({})", n.title, new.call())),
            if breaking {
                (Semver::Major, "the method and its builder type are renamed")
            } else {
                (
                    Semver::Patch,
                    "the Rust names stay the same; only the docs change",
                )
            },
        );
    } else if o.builder_name != n.builder_name {
        out.push(
            ChangeKind::TypeRenamed,
            &label,
            "builder",
            Some(o.builder_name.clone()),
            Some(n.builder_name.clone()),
            (
                Semver::Major,
                "code naming the builder type stops compiling",
            ),
        );
    }
    let moved = old.folders != new.folders;
    if moved {
        let breaking = old.chain != new.chain;
        out.push(
            ChangeKind::OperationMoved,
            &label,
            "",
            Some(format!("{} ({})", old.folder_path(), old.call())),
            Some(format!("{} ({})", new.folder_path(), new.call())),
            if breaking {
                (
                    Semver::Major,
                    "the method is reached through another handle",
                )
            } else {
                (
                    Semver::Patch,
                    "the handle stays the same; only the docs change",
                )
            },
        );
    }
    if old.key() != new.key() {
        out.push(
            ChangeKind::PathChanged,
            &label,
            "",
            Some(old.label()),
            Some(label.clone()),
            (
                Semver::Minor,
                "requests go elsewhere; argument changes are listed apart",
            ),
        );
    }
    compare_path_params(o, n, &label, out);
    compare_query_params(o, n, &label, out);
    compare_argument_order(o, n, &label, out);
    if o.headers != n.headers {
        let text = |headers: &[FixedHeader]| {
            headers
                .iter()
                .map(|h| format!("{}: {}", h.name, h.value))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(
            ChangeKind::HeadersChanged,
            &label,
            "headers",
            Some(text(&o.headers)),
            Some(text(&n.headers)),
            (
                Semver::Minor,
                "the request is sent differently; the API is unchanged",
            ),
        );
    }
    if o.auth != n.auth {
        let text = |auth: &OperationAuth| match auth {
            OperationAuth::Client => "client credentials".to_string(),
            OperationAuth::None => "no credentials".to_string(),
        };
        out.push(
            ChangeKind::OperationAuthChanged,
            &label,
            "auth",
            Some(text(&o.auth)),
            Some(text(&n.auth)),
            (
                Semver::Minor,
                "the request is sent differently; the API is unchanged",
            ),
        );
    }
    let mut types = TypeComparison {
        old: old_api,
        new: new_api,
        label: &label,
        // Type names follow the operation's name and folder: a rename or move already
        // says they change.
        report_renames: !renamed && !moved,
        seen: HashSet::new(),
    };
    compare_body(&mut types, o, n, out);
    compare_response(&mut types, o, n, out);
    compare_pagination(old_api, new_api, o, n, &label, out);
    compare_docs(o, n, &label, out);
}

fn param_type_text(ty: &ParamType, repeated: bool) -> String {
    let one = match ty {
        ParamType::String => "String".to_string(),
        ParamType::Integer => "i64".to_string(),
        ParamType::Boolean => "bool".to_string(),
        ParamType::Named(name) => format!("params::{name}"),
    };
    if repeated {
        format!("list of {one}")
    } else {
        one
    }
}

fn compare_path_params(o: &Operation, n: &Operation, label: &str, out: &mut Changes) {
    // By name first; what is left pairs by position (a renamed parameter).
    let mut new_taken = vec![false; n.path_params.len()];
    let mut old_pairs: Vec<Option<usize>> = o
        .path_params
        .iter()
        .map(|p| {
            let found = n.path_params.iter().position(|q| q.name == p.name);
            if let Some(index) = found {
                new_taken[index] = true;
            }
            found
        })
        .collect();
    for (index, pair) in old_pairs.iter_mut().enumerate() {
        if pair.is_none() && index < n.path_params.len() && !new_taken[index] {
            new_taken[index] = true;
            *pair = Some(index);
        }
    }
    for (old_param, pair) in o.path_params.iter().zip(&old_pairs) {
        let Some(new_param) = pair.map(|index| &n.path_params[index]) else {
            out.push(
                ChangeKind::PathParamRemoved,
                label,
                &old_param.name,
                Some(param_type_text(&old_param.ty, false)),
                None,
                (Semver::Major, "the method loses an argument"),
            );
            continue;
        };
        if old_param.name != new_param.name {
            out.push(
                ChangeKind::PathParamRenamed,
                label,
                &new_param.name,
                Some(old_param.name.clone()),
                Some(new_param.name.clone()),
                (
                    Semver::Patch,
                    "arguments are positional; only the docs change",
                ),
            );
        }
        if old_param.ty != new_param.ty {
            out.push(
                ChangeKind::PathParamRetyped,
                label,
                &new_param.name,
                Some(param_type_text(&old_param.ty, false)),
                Some(param_type_text(&new_param.ty, false)),
                (Semver::Major, "the argument takes another type"),
            );
        }
        if old_param.description != new_param.description {
            out.push(
                ChangeKind::DescriptionChanged,
                label,
                &new_param.name,
                Some(old_param.description.clone()),
                Some(new_param.description.clone()),
                (Semver::Patch, "documentation only"),
            );
        }
    }
    for (new_param, taken) in n.path_params.iter().zip(&new_taken) {
        if !taken {
            out.push(
                ChangeKind::PathParamAdded,
                label,
                &new_param.name,
                None,
                Some(param_type_text(&new_param.ty, false)),
                (Semver::Major, "the method needs a new argument"),
            );
        }
    }
}

fn compare_query_params(o: &Operation, n: &Operation, label: &str, out: &mut Changes) {
    for old_param in &o.query_params {
        let Some(new_param) = n.query_params.iter().find(|q| q.name == old_param.name) else {
            out.push(
                ChangeKind::QueryParamRemoved,
                label,
                &old_param.name,
                Some(query_text(old_param)),
                None,
                (
                    Semver::Major,
                    if old_param.required {
                        "the method loses an argument"
                    } else {
                        "the builder loses a setter"
                    },
                ),
            );
            continue;
        };
        match (old_param.required, new_param.required) {
            (false, true) => out.push(
                ChangeKind::QueryParamMadeRequired,
                label,
                &new_param.name,
                Some(query_text(old_param)),
                Some(query_text(new_param)),
                (
                    Semver::Major,
                    "the setter becomes a new argument of the method",
                ),
            ),
            (true, false) => out.push(
                ChangeKind::QueryParamMadeOptional,
                label,
                &new_param.name,
                Some(query_text(old_param)),
                Some(query_text(new_param)),
                (
                    Semver::Major,
                    "the argument becomes a setter: calls passing it stop compiling",
                ),
            ),
            _ => {}
        }
        if old_param.ty != new_param.ty || old_param.repeated != new_param.repeated {
            out.push(
                ChangeKind::QueryParamRetyped,
                label,
                &new_param.name,
                Some(param_type_text(&old_param.ty, old_param.repeated)),
                Some(param_type_text(&new_param.ty, new_param.repeated)),
                (Semver::Major, "the argument or setter takes another type"),
            );
        }
        if old_param.ident != new_param.ident {
            out.push(
                ChangeKind::QueryParamRenamed,
                label,
                &new_param.name,
                Some(old_param.ident.clone()),
                Some(new_param.ident.clone()),
                (Semver::Major, "the setter's Rust name changes"),
            );
        }
        if old_param.description != new_param.description {
            out.push(
                ChangeKind::DescriptionChanged,
                label,
                &new_param.name,
                Some(old_param.description.clone()),
                Some(new_param.description.clone()),
                (Semver::Patch, "documentation only"),
            );
        }
    }
    for new_param in &n.query_params {
        if o.query_params.iter().any(|q| q.name == new_param.name) {
            continue;
        }
        let (semver, reason) = if new_param.required {
            (Semver::Major, "the method needs a new argument")
        } else {
            (Semver::Minor, "a new optional setter")
        };
        out.push(
            ChangeKind::QueryParamAdded,
            label,
            &new_param.name,
            None,
            Some(query_text(new_param)),
            (semver, reason),
        );
    }
}

fn query_text(param: &QueryParam) -> String {
    let ty = param_type_text(&param.ty, param.repeated);
    if param.required {
        format!("{ty}, required argument `{}`", param.ident)
    } else {
        format!("{ty}, optional setter `.{}()`", param.ident)
    }
}

/// Arguments that both versions have, in a different order, swap silently or fail.
fn compare_argument_order(o: &Operation, n: &Operation, label: &str, out: &mut Changes) {
    let (old_args, new_args) = (arguments(o), arguments(n));
    let old_common: Vec<&String> = old_args.iter().filter(|a| new_args.contains(a)).collect();
    let new_common: Vec<&String> = new_args.iter().filter(|a| old_args.contains(a)).collect();
    if old_common != new_common {
        out.push(
            ChangeKind::ArgumentsReordered,
            label,
            "arguments",
            Some(format!("({})", old_args.join(", "))),
            Some(format!("({})", new_args.join(", "))),
            (
                Semver::Major,
                "arguments are positional: calls pass them in the wrong places",
            ),
        );
    }
}

fn compare_body(types: &mut TypeComparison, o: &Operation, n: &Operation, out: &mut Changes) {
    let label = types.label;
    match (&o.body, &n.body) {
        (None, None) => {}
        (None, Some(body)) => out.push(
            ChangeKind::BodyAdded,
            label,
            "body",
            None,
            Some(body.ty.to_string()),
            (
                Semver::Minor,
                "new setters; existing calls still compile, and now send the body",
            ),
        ),
        (Some(body), None) => out.push(
            ChangeKind::BodyRemoved,
            label,
            "body",
            Some(body.ty.to_string()),
            None,
            (Semver::Major, "the builder loses its body setters"),
        ),
        (Some(old_body), Some(new_body)) => {
            if old_body.encoding != new_body.encoding {
                out.push(
                    ChangeKind::BodyEncodingChanged,
                    label,
                    "body",
                    Some(format!("{:?}", old_body.encoding)),
                    Some(format!("{:?}", new_body.encoding)),
                    (
                        Semver::Minor,
                        "the body is sent differently; the API is unchanged",
                    ),
                );
            }
            types.compare(Side::Body, "", &old_body.ty, &new_body.ty, out);
            for old_setter in &old_body.setters {
                if let Some(new_setter) = new_body
                    .setters
                    .iter()
                    .find(|s| s.field == old_setter.field)
                {
                    if new_setter.required != old_setter.required {
                        let (kind, before, after, why) = if new_setter.required {
                            (
                                ChangeKind::BodyFieldMadeRequired,
                                format!(".{}(..) setter", old_setter.method),
                                format!("argument `{}` of the method", new_setter.method),
                                "a new required argument: existing calls do not compile",
                            )
                        } else {
                            (
                                ChangeKind::BodyFieldMadeOptional,
                                format!("argument `{}` of the method", old_setter.method),
                                format!(".{}(..) setter", new_setter.method),
                                "an argument fewer: existing calls do not compile",
                            )
                        };
                        out.push(
                            kind,
                            label,
                            &old_setter.field,
                            Some(before),
                            Some(after),
                            (Semver::Major, why),
                        );
                    }
                    if new_setter.method != old_setter.method {
                        out.push(
                            ChangeKind::BodyFieldRenamed,
                            label,
                            &old_setter.field,
                            Some(format!(".{}()", old_setter.method)),
                            Some(format!(".{}()", new_setter.method)),
                            (Semver::Major, "the setter's Rust name changes"),
                        );
                    }
                }
            }
        }
    }
}

fn response_text(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Json(ty) => ty.to_string(),
        ResponseBody::Text => "String (text answer)".to_string(),
        ResponseBody::Empty => "serde_json::Value (no answer body)".to_string(),
    }
}

fn compare_response(types: &mut TypeComparison, o: &Operation, n: &Operation, out: &mut Changes) {
    match (&o.response, &n.response) {
        (ResponseBody::Json(a), ResponseBody::Json(b)) => {
            types.compare(Side::Answer, "", a, b, out);
        }
        (a, b) if a != b => {
            let (before, after) = (response_text(a), response_text(b));
            let same_type = before.split(' ').next() == after.split(' ').next();
            out.push(
                ChangeKind::AnswerRetyped,
                types.label,
                "answer",
                Some(before),
                Some(after),
                if same_type {
                    (
                        Semver::Minor,
                        "`send()` returns the same type, decoded differently",
                    )
                } else {
                    (Semver::Major, "`send()` returns another type")
                },
            );
        }
        _ => {}
    }
}

fn compare_pagination(
    old_api: &Api,
    new_api: &Api,
    o: &Operation,
    n: &Operation,
    label: &str,
    out: &mut Changes,
) {
    let text = |p: &Pagination| {
        format!(
            "page `{}`{}, items in {}",
            p.page_param,
            p.per_page_param
                .as_ref()
                .map(|pp| format!(", per page `{pp}`"))
                .unwrap_or_default(),
            p.items_field
                .as_ref()
                .map(|f| format!("`{f}`"))
                .unwrap_or_else(|| "the answer".to_string())
        )
    };
    match (&o.pagination, &n.pagination) {
        (None, Some(p)) => out.push(
            ChangeKind::PaginationAdded,
            label,
            "stream()",
            None,
            Some(text(p)),
            (Semver::Minor, "new `stream()` and `collect_all()` methods"),
        ),
        (Some(p), None) => out.push(
            ChangeKind::PaginationRemoved,
            label,
            "stream()",
            Some(text(p)),
            None,
            (Semver::Major, "`stream()` and `collect_all()` are gone"),
        ),
        (Some(a), Some(b)) if a != b => {
            let same_items = same_shape(old_api, &a.item_type, new_api, &b.item_type, 0);
            out.push(
                ChangeKind::PaginationChanged,
                label,
                "stream()",
                Some(text(a)),
                Some(text(b)),
                if same_items {
                    (
                        Semver::Minor,
                        "pages are fetched differently; the item type is the same",
                    )
                } else {
                    (Semver::Major, "`stream()` yields another item type")
                },
            );
        }
        _ => {}
    }
}

fn compare_docs(o: &Operation, n: &Operation, label: &str, out: &mut Changes) {
    if o.description != n.description {
        out.push(
            ChangeKind::DescriptionChanged,
            label,
            "",
            Some(o.description.clone()),
            Some(n.description.clone()),
            (Semver::Patch, "documentation only"),
        );
    }
    if o.access != n.access {
        out.push(
            ChangeKind::PermissionChanged,
            label,
            "",
            Some(format!("{:?}", o.access).to_lowercase()),
            Some(format!("{:?}", n.access).to_lowercase()),
            (Semver::Patch, "documentation only"),
        );
    }
    if o.background != n.background {
        let text = |b: &Option<Background>| {
            b.as_ref()
                .map(|b| b.fields.join(", "))
                .unwrap_or_else(|| "none".to_string())
        };
        out.push(
            ChangeKind::BackgroundChanged,
            label,
            "",
            Some(text(&o.background)),
            Some(text(&n.background)),
            (Semver::Patch, "documentation only"),
        );
    }
    // Saved examples show in the docs and the contract tests; what they mean for the
    // types is reported above.
    for old_example in &o.examples {
        match n.examples.iter().find(|e| e.name == old_example.name) {
            None => out.push(
                ChangeKind::ExampleChanged,
                label,
                &format!("example `{}`", old_example.name),
                Some(format!("status {}", old_example.status)),
                None,
                (Semver::Patch, "documentation and contract tests only"),
            ),
            Some(new_example) => {
                for (part, before, after) in example_differences(old_example, new_example) {
                    out.push(
                        ChangeKind::ExampleChanged,
                        label,
                        &format!("example `{}`: {part}", old_example.name),
                        before,
                        after,
                        (Semver::Patch, "documentation and contract tests only"),
                    );
                }
            }
        }
    }
    for new_example in &n.examples {
        if !o.examples.iter().any(|e| e.name == new_example.name) {
            out.push(
                ChangeKind::ExampleChanged,
                label,
                &format!("example `{}`", new_example.name),
                None,
                Some(format!("status {}", new_example.status)),
                (Semver::Patch, "documentation and contract tests only"),
            );
        }
    }
}

/// The longest text of an example part a change carries.
const EXAMPLE_CHARS: usize = 160;

/// The parts of a saved example that differ, each shortened to one line.
fn example_differences(
    old: &Example,
    new: &Example,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let pairs = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let parts = [
        (
            "status",
            Some(old.status.to_string()),
            Some(new.status.to_string()),
        ),
        (
            "path",
            Some(pairs(&old.path_args)),
            Some(pairs(&new.path_args)),
        ),
        ("query", Some(pairs(&old.query)), Some(pairs(&new.query))),
        ("request body", old.body.clone(), new.body.clone()),
        (
            "answer",
            old.response_body.clone(),
            new.response_body.clone(),
        ),
        (
            "content type",
            old.content_type.clone(),
            new.content_type.clone(),
        ),
    ];
    parts
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(part, before, after)| (part, before.map(|t| short(&t)), after.map(|t| short(&t))))
        .collect()
}

/// JSON or text on one line, cut at [`EXAMPLE_CHARS`].
fn short(text: &str) -> String {
    let line = serde_json::from_str::<serde_json::Value>(text)
        .map(|value| value.to_string())
        .unwrap_or_else(|_| text.split_whitespace().collect::<Vec<_>>().join(" "));
    if line.chars().count() > EXAMPLE_CHARS {
        let mut cut: String = line.chars().take(EXAMPLE_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        line
    }
}

/// Which JSON a type describes: the kinds of change differ.
#[derive(Clone, Copy)]
enum Side {
    Body,
    Answer,
}

/// The deepest nesting followed; inferred types are far shallower.
const MAX_DEPTH: usize = 64;

/// A type as its definition is reached: a struct, or anything else.
enum Resolved<'a> {
    Struct(&'a Struct),
    Other(&'a TypeRef),
}

/// Follows names and aliases to what a type is.
fn resolve<'a>(api: &'a Api, ty: &'a TypeRef) -> Resolved<'a> {
    let mut current = ty;
    for _ in 0..MAX_DEPTH {
        let TypeRef::Named(name) = current else {
            return Resolved::Other(current);
        };
        match api.types.iter().find(|d| d.name == *name).map(|d| &d.kind) {
            Some(TypeKind::Struct(body)) => return Resolved::Struct(body),
            Some(TypeKind::Alias(target)) => current = target,
            None => return Resolved::Other(current),
        }
    }
    Resolved::Other(current)
}

/// Whether two types have the same shape, whatever their names.
fn same_shape(old_api: &Api, a: &TypeRef, new_api: &Api, b: &TypeRef, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match (resolve(old_api, a), resolve(new_api, b)) {
        (Resolved::Struct(x), Resolved::Struct(y)) => {
            x.unknown_fields.is_some() == y.unknown_fields.is_some()
                && x.fields.len() == y.fields.len()
                && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                    f.name == g.name
                        && f.ident == g.ident
                        && f.required == g.required
                        && same_shape(old_api, &f.ty, new_api, &g.ty, depth + 1)
                })
        }
        (Resolved::Other(x), Resolved::Other(y)) => match (x, y) {
            (TypeRef::Option(x), TypeRef::Option(y))
            | (TypeRef::List(x), TypeRef::List(y))
            | (TypeRef::Map(x), TypeRef::Map(y))
            | (TypeRef::JsonText(x), TypeRef::JsonText(y)) => {
                same_shape(old_api, x, new_api, y, depth + 1)
            }
            _ => x == y,
        },
        _ => false,
    }
}

/// Compares the types of one operation, member by member.
struct TypeComparison<'a> {
    old: &'a Api,
    new: &'a Api,
    label: &'a str,
    report_renames: bool,
    /// Pairs of named types already compared, so a shared or recursive type is walked once.
    seen: HashSet<(String, String)>,
}

impl TypeComparison<'_> {
    fn compare(&mut self, side: Side, path: &str, a: &TypeRef, b: &TypeRef, out: &mut Changes) {
        if let (TypeRef::Named(x), TypeRef::Named(y)) = (a, b) {
            // The old name still reaching the same shape (an alias) breaks nothing.
            let old_name_kept = || {
                same_shape(self.new, a, self.new, b, 0)
                    && self.new.types.iter().any(|d| d.name == *x)
            };
            if x != y && self.report_renames && !old_name_kept() {
                out.push(
                    ChangeKind::TypeRenamed,
                    self.label,
                    &item(side, path),
                    Some(format!("types::{x}")),
                    Some(format!("types::{y}")),
                    (Semver::Major, "code naming the type stops compiling"),
                );
            }
            if !self.seen.insert((x.clone(), y.clone())) {
                return;
            }
        }
        let (old_api, new_api) = (self.old, self.new);
        match (resolve(old_api, a), resolve(new_api, b)) {
            (Resolved::Struct(x), Resolved::Struct(y)) => {
                self.compare_fields(side, path, x, y, out)
            }
            (Resolved::Other(x), Resolved::Other(y)) => match (x, y) {
                (TypeRef::Option(x), TypeRef::Option(y)) => self.compare(side, path, x, y, out),
                (TypeRef::List(x), TypeRef::List(y)) => {
                    self.compare(side, &format!("{path}[]"), x, y, out)
                }
                (TypeRef::Map(x), TypeRef::Map(y)) => {
                    self.compare(side, &format!("{path}{{}}"), x, y, out)
                }
                // The text's contents, decoded on demand: a change there breaks `decode`.
                (TypeRef::JsonText(x), TypeRef::JsonText(y)) => {
                    self.compare(side, &format!("{path}<text>"), x, y, out)
                }
                (x, y) if x == y => {}
                _ => self.retyped(side, path, a, b, out),
            },
            _ => self.retyped(side, path, a, b, out),
        }
    }

    /// A type that changed as a whole: made optional, made required, or another type.
    fn retyped(&self, side: Side, path: &str, a: &TypeRef, b: &TypeRef, out: &mut Changes) {
        let (old_api, new_api) = (self.old, self.new);
        let made_optional =
            matches!(b, TypeRef::Option(inner) if same_shape(old_api, a, new_api, inner, 0));
        let made_required =
            matches!(a, TypeRef::Option(inner) if same_shape(old_api, inner, new_api, b, 0));
        let kind = match (side, path.is_empty(), made_optional, made_required) {
            (Side::Answer, false, true, _) => ChangeKind::AnswerFieldMadeOptional,
            (Side::Answer, false, _, true) => ChangeKind::AnswerFieldMadeRequired,
            (Side::Answer, false, ..) => ChangeKind::AnswerFieldRetyped,
            (Side::Answer, true, ..) => ChangeKind::AnswerRetyped,
            (Side::Body, false, ..) => ChangeKind::BodyFieldRetyped,
            (Side::Body, true, ..) => ChangeKind::BodyRetyped,
        };
        let reason = if made_optional {
            "the field becomes an `Option`: code reading or building it stops compiling"
        } else if made_required {
            "the field is no longer an `Option`: code reading or building it stops compiling"
        } else {
            "the type changes: code reading or building it stops compiling"
        };
        out.push(
            kind,
            self.label,
            &item(side, path),
            Some(a.to_string()),
            Some(b.to_string()),
            (Semver::Major, reason),
        );
    }

    fn compare_fields(
        &mut self,
        side: Side,
        path: &str,
        x: &Struct,
        y: &Struct,
        out: &mut Changes,
    ) {
        let member = |name: &str| {
            if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            }
        };
        let (added, removed, renamed) = match side {
            Side::Answer => (
                ChangeKind::AnswerFieldAdded,
                ChangeKind::AnswerFieldRemoved,
                ChangeKind::AnswerFieldRenamed,
            ),
            Side::Body => (
                ChangeKind::BodyFieldAdded,
                ChangeKind::BodyFieldRemoved,
                ChangeKind::BodyFieldRenamed,
            ),
        };
        for old_field in &x.fields {
            let Some(new_field) = y.fields.iter().find(|f| f.name == old_field.name) else {
                out.push(
                    removed,
                    self.label,
                    &member(&old_field.name),
                    Some(old_field.ty.to_string()),
                    None,
                    (
                        Semver::Major,
                        match side {
                            Side::Answer => "code reading the field stops compiling",
                            Side::Body => "the field and its setter are gone",
                        },
                    ),
                );
                continue;
            };
            if old_field.ident != new_field.ident {
                out.push(
                    renamed,
                    self.label,
                    &member(&old_field.name),
                    Some(old_field.ident.clone()),
                    Some(new_field.ident.clone()),
                    (Semver::Major, "the field's Rust name changes"),
                );
            }
            self.compare(
                side,
                &member(&old_field.name),
                &old_field.ty,
                &new_field.ty,
                out,
            );
        }
        for new_field in &y.fields {
            if !x.fields.iter().any(|f| f.name == new_field.name) {
                out.push(
                    added,
                    self.label,
                    &member(&new_field.name),
                    None,
                    Some(new_field.ty.to_string()), (Semver::Major, match side {
                        Side::Answer => {
                            "new pub field of an exhaustive struct: struct literals stop compiling"
                        }
                        Side::Body => {
                            "new pub field of an exhaustive struct: struct literals stop compiling (the new setter alone is minor)"
                        }
                    }));
            }
        }
        match (&x.unknown_fields, &y.unknown_fields) {
            (Some(field), None) => out.push(
                removed,
                self.label,
                &member(field),
                Some("BTreeMap<String, serde_json::Value>".to_string()),
                None,
                (
                    Semver::Major,
                    "the map of members the examples did not show is gone",
                ),
            ),
            (None, Some(field)) => out.push(
                added,
                self.label,
                &member(field),
                None,
                Some("BTreeMap<String, serde_json::Value>".to_string()),
                (
                    Semver::Major,
                    "new pub field of an exhaustive struct: struct literals stop compiling",
                ),
            ),
            (Some(a), Some(b)) if a != b => out.push(
                renamed,
                self.label,
                &member(b),
                Some(a.clone()),
                Some(b.clone()),
                (Semver::Major, "the field's Rust name changes"),
            ),
            _ => {}
        }
    }
}

/// How the report names a member: its JSON path, or the body or answer itself.
fn item(side: Side, path: &str) -> String {
    match (side, path.is_empty()) {
        (Side::Answer, true) => "answer".to_string(),
        (Side::Body, true) => "body".to_string(),
        _ => path.to_string(),
    }
}
