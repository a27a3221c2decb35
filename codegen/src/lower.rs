//! Postman model -> API model: every decision about the generated client is made here.
//!
//! Walks the folder tree once, resolving urls, parameters, bodies, auth inheritance
//! and saved examples of each request, names everything (through [`crate::naming`])
//! and infers types from the examples (through [`crate::infer`]).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Error;
use crate::infer::{NameHint, Shape, TypeBuilder};
use crate::ir::*;
use crate::naming::{
    operation_method_name, singular, snake_ident, type_ident, NameSet, RESERVED_TYPE_NAMES,
};
use crate::postman;

/// Methods every builder defines itself; setters must not take these names.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "body",
    "stream",
    "collect_all",
    "new",
    "clone",
    "client",
    "into_future",
    "to_request",
];
/// Methods of the client; root-level operations and accessors must not take these.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "execute",
    "execute_text",
    "clone",
    "base_url",
    "config",
    "timeout",
    "retry_policy",
    // Private methods of the runtime's `Client`: an inherent method of the same name
    // in the generated `impl Client` would be a duplicate definition.
    "send",
    "send_once",
    "decode",
];
/// Crates generated code refers to by path, which resource modules must not shadow.
const EXTERN_CRATES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "futures",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "thiserror",
    "tokio",
    "url",
];
/// Answer members that say work was started in the background.
const BACKGROUND_FIELDS: &[&str] = &[
    "job_id",
    "queued_count",
    "last_time_start_batch_updates",
    "status_url",
];
/// Words dropped from a request name to find what it is about ("List all sites" -> Site).
const VERBS: &[&str] = &[
    "list", "get", "count", "create", "add", "edit", "update", "delete", "remove", "sync", "check",
    "run", "fetch", "show", "set", "put", "post", "patch", "all", "a", "an", "the", "one",
    "single", "new",
];

/// Lowers a parsed collection. `crate_name` overrides the name derived from the collection.
pub fn lower(collection: &postman::Collection, crate_name: Option<&str>) -> Result<Api, Error> {
    let mut lowering = Lowering::new(collection);
    let scope = Scope {
        folders: Vec::new(),
        auth: collection.auth.as_ref(),
        client_auth: collection.auth.as_ref(),
    };
    let mut root = Resource {
        title: String::new(),
        location: Vec::new(),
        module: "client".to_string(),
        accessor: String::new(),
        type_name: "Client".to_string(),
        description: description(&collection.info.description),
        operations: Vec::new(),
        children: Vec::new(),
    };
    let mut accessors = NameSet::new();
    accessors.reserve(CLIENT_METHODS.iter().copied());
    lowering.fill(&mut root, &collection.item, &scope, accessors)?;

    let auth = lowering.client_auth();
    let (template, variables) = lowering.base.clone().unwrap_or_default();
    let resolved = lowering.substitute(&template);
    let example = Some(resolved).filter(|e| !e.contains("{{") && !e.is_empty());
    let api_root = example.as_deref().map(api_root_of).unwrap_or_default();
    let title = collection.info.name.clone();
    let crate_name = match crate_name {
        Some(name) => name.to_string(),
        None => crate_name_of(&title),
    };
    Ok(Api {
        title,
        crate_name,
        description: description(&collection.info.description),
        base_url: BaseUrl {
            template,
            example,
            api_root,
            variables,
        },
        auth,
        root,
        types: lowering.types.into_defs(),
        path_types: lowering.path_types.into_values().collect(),
        warnings: lowering.warnings,
    })
}

struct Lowering<'c> {
    collection: &'c postman::Collection,
    /// Collection variables and their values, for substituting `{{name}}`.
    variables: BTreeMap<String, String>,
    types: TypeBuilder,
    modules: NameSet,
    path_types: BTreeMap<String, PathParamType>,
    warnings: Vec<String>,
    /// The base url template and the variables in it, from the first request.
    base: Option<(String, Vec<String>)>,
}

/// Where an item sits while walking: its folders and the auth it inherits.
#[derive(Clone)]
struct Scope<'c> {
    folders: Vec<String>,
    auth: Option<&'c postman::Auth>,
    client_auth: Option<&'c postman::Auth>,
}

/// A url taken apart: where it goes and what it carries.
struct UrlParts {
    host: String,
    segments: Vec<String>,
    query: Vec<postman::QueryParam>,
    variables: Vec<postman::Variable>,
}

impl<'c> Lowering<'c> {
    fn new(collection: &'c postman::Collection) -> Self {
        let variables = collection
            .variable
            .iter()
            .filter(|v| !v.disabled)
            .filter_map(|v| Some((v.name()?.to_string(), v.value_text().unwrap_or_default())))
            .collect();
        let mut types = NameSet::new();
        types.reserve(RESERVED_TYPE_NAMES.iter().copied());
        let mut modules = NameSet::new();
        modules.reserve(["runtime", "types", "params", "lib", "client", "main"]);
        // Crates the generated code names by path (`serde_json::Value`): a module of the
        // same name at the crate root would shadow them there.
        modules.reserve(EXTERN_CRATES.iter().copied());
        Lowering {
            collection,
            variables,
            types: TypeBuilder::new(types),
            modules,
            path_types: BTreeMap::new(),
            warnings: Vec::new(),
            base: None,
        }
    }

    /// Lowers the items of one folder into `resource`.
    fn fill(
        &mut self,
        resource: &mut Resource,
        items: &'c [postman::Item],
        scope: &Scope<'c>,
        mut members: NameSet,
    ) -> Result<(), Error> {
        // Sub-folders' accessors first: they get the plain names, requests give way.
        let mut children = Vec::new();
        for item in items.iter().filter(|i| i.is_folder()) {
            let title = item.name.clone();
            let mut location = scope.folders.clone();
            location.push(title.clone());
            let accessor = members.claim(&snake_ident(&title, "folder"));
            let module = self.modules.claim(&module_name(&location));
            let type_name = self
                .types
                .names()
                .claim(&type_ident(&location.join(" "), "Folder"));
            let child = Resource {
                title,
                location: location.clone(),
                module,
                accessor,
                type_name,
                description: description(&item.description),
                operations: Vec::new(),
                children: Vec::new(),
            };
            let child_scope = Scope {
                folders: location,
                auth: item.auth.as_ref().or(scope.auth),
                client_auth: scope.client_auth,
            };
            children.push((child, child_scope, item));
        }
        // This folder's requests before the sub-folders' ones, so the types they name
        // ("Site" for "List sites") go to the folder that is about them.
        for item in items.iter().filter(|i| !i.is_folder()) {
            let operation = self.operation(item, scope, &mut members)?;
            resource.operations.push(operation);
        }
        link_rechecks(&mut resource.operations);
        for (mut child, child_scope, item) in children {
            let mut child_members = NameSet::new();
            child_members.reserve(["clone", "client", "new"]);
            self.fill(
                &mut child,
                item.item.as_deref().unwrap_or_default(),
                &child_scope,
                child_members,
            )?;
            resource.children.push(child);
        }
        Ok(())
    }

    fn location(scope: &Scope, name: &str) -> String {
        let mut parts = scope.folders.clone();
        parts.push(name.to_string());
        parts.join(" / ")
    }

    fn operation(
        &mut self,
        item: &'c postman::Item,
        scope: &Scope<'c>,
        members: &mut NameSet,
    ) -> Result<Operation, Error> {
        let location = Self::location(scope, &item.name);
        let fail = |message: String| Error::Request {
            file: None,
            request: location.clone(),
            message,
        };
        let request = item.request.clone().unwrap_or_default();
        let url = request
            .url
            .as_ref()
            .ok_or_else(|| fail("has no url".to_string()))?;
        let parts = self
            .url_parts(url)
            .ok_or_else(|| fail("has an empty url (no host and no path)".to_string()))?;
        self.note_base(&parts.host, &location);

        let http_method = match request
            .method
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            None | Some("") | Some("GET") => HttpMethod::Get,
            Some("POST") => HttpMethod::Post,
            Some("PUT") => HttpMethod::Put,
            Some("PATCH") => HttpMethod::Patch,
            Some("DELETE") => HttpMethod::Delete,
            Some("HEAD") => HttpMethod::Head,
            Some("OPTIONS") => HttpMethod::Options,
            Some(other) => {
                return Err(fail(format!(
                    "uses the HTTP method `{other}`, which the generated client cannot send"
                )))
            }
        };

        let method_name = members.claim(&operation_method_name(&item.name, &scope.folders));
        let builder_candidates = vec![
            type_ident(&item.name, "Call"),
            type_ident(
                &format!("{} {}", scope.folders.join(" "), item.name),
                "Call",
            ),
        ];
        let builder_name = self.types.names().claim_first(&builder_candidates);
        let mut params = NameSet::new();
        params.reserve(BUILDER_METHODS.iter().copied());

        // Path: `:name` segments and unresolved `{{name}}` segments are parameters.
        let mut path = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        for segment in &parts.segments {
            let param_name = if let Some(name) = segment.strip_prefix(':') {
                Some(name.to_string())
            } else {
                let resolved = self.substitute(segment);
                if resolved.contains("{{") {
                    Some(variable_name(segment))
                } else {
                    path.push(PathSegment::Literal(resolved));
                    None
                }
            };
            if let Some(name) = param_name {
                let declared = parts
                    .variables
                    .iter()
                    .find(|v| v.name() == Some(name.as_str()));
                let example = declared
                    .and_then(postman::Variable::value_text)
                    .filter(|v| !v.is_empty());
                let text = declared
                    .map(|v| description(&v.description))
                    .unwrap_or_default();
                if declared.is_none() && segment.starts_with(':') {
                    self.warnings.push(format!(
                        "{location}: path variable `{name}` is not described"
                    ));
                }
                let ty = self.path_param_type(&name, &text, example.as_deref());
                path.push(PathSegment::Param(path_params.len()));
                path_params.push(PathParam {
                    ident: params.claim(&snake_ident(&name, "param")),
                    name,
                    ty,
                    description: text,
                    example,
                });
            }
        }

        let client_auth_query = match scope.client_auth {
            Some(auth)
                if auth.kind == "apikey"
                    && auth.params.get("in").map(String::as_str) == Some("query") =>
            {
                auth.params.get("key").cloned()
            }
            _ => None,
        };
        let query_params =
            self.query_params(&parts.query, client_auth_query.as_deref(), &mut params);

        let headers = request
            .header
            .0
            .iter()
            .filter(|h| !h.disabled && !h.key.is_empty())
            .filter(|h| {
                !matches!(
                    h.key.to_ascii_lowercase().as_str(),
                    "content-type" | "authorization" | "accept" | "content-length" | "user-agent"
                )
            })
            .map(|h| FixedHeader {
                name: h.key.clone(),
                value: self.substitute(h.value.as_deref().unwrap_or_default()),
            })
            .collect();

        let subject = subject_of(&item.name, &scope.folders);
        let examples = self.examples(item, &request, &path_params);
        let (response, outcomes) = self.response(item, &builder_name, subject.clone(), &location);
        // The body type learns from every body the examples sent, not just the request's.
        let sent_bodies: Vec<&postman::Body> = item
            .response
            .iter()
            .filter_map(|r| r.original_request.as_ref()?.body.as_ref())
            .collect();
        let body = self.body(
            &request,
            &sent_bodies,
            &builder_name,
            &mut params,
            &location,
        )?;

        let auth = match scope.auth {
            Some(auth) if auth.kind == "noauth" => OperationAuth::None,
            Some(auth)
                if Some(auth.kind.as_str()) != scope.client_auth.map(|a| a.kind.as_str()) =>
            {
                self.warnings.push(format!(
                    "{location}: uses `{}` auth, unlike the rest of the collection; it is sent without the client's credentials",
                    auth.kind
                ));
                OperationAuth::None
            }
            _ => OperationAuth::Client,
        };
        let access = match http_method {
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Options => Access::Read,
            _ => Access::Write,
        };
        let pagination = self.pagination(&query_params, &response);
        let background = self.background(&response);
        let mut text = description(&item.description);
        if text.is_empty() {
            text = description(&request.description);
        }
        Ok(Operation {
            title: item.name.clone(),
            location,
            method_name,
            builder_name,
            http_method,
            path,
            path_params,
            query_params,
            headers,
            body,
            response,
            outcomes,
            auth,
            access,
            description: text,
            examples,
            pagination,
            background,
        })
    }

    /// Splits a url (object or raw string) into host, path segments, query and variables.
    fn url_parts(&self, url: &postman::Url) -> Option<UrlParts> {
        let raw = url.raw.clone().unwrap_or_default();
        let (raw_host, raw_segments, raw_query) = split_raw_url(&raw);
        let host = match &url.host {
            Some(host) if !host.is_empty() => {
                let mut text = String::new();
                if let Some(protocol) = &url.protocol {
                    text.push_str(protocol.trim_end_matches("://"));
                    text.push_str("://");
                }
                text.push_str(&host.join("."));
                if let Some(port) = &url.port {
                    text.push(':');
                    text.push_str(port);
                }
                text
            }
            _ => raw_host,
        };
        let segments: Vec<String> = match &url.path {
            Some(path) => path
                .iter()
                .flat_map(|p| p.split('/'))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            None => raw_segments,
        };
        if host.is_empty() && segments.is_empty() {
            return None;
        }
        let query = if url.query.is_empty() && url.host.is_none() {
            raw_query
        } else {
            url.query.clone()
        };
        Some(UrlParts {
            host,
            segments,
            query,
            variables: url.variable.clone(),
        })
    }

    /// The first request's host is the client's base url; others are expected to match.
    fn note_base(&mut self, host: &str, location: &str) {
        match &self.base {
            None => {
                let variables = variables_in(host);
                self.base = Some((host.to_string(), variables));
            }
            Some((base, _)) if base != host => {
                self.warnings.push(format!("{location}: host `{host}` differs from the base url `{base}`; the request is sent to the base url"));
            }
            Some(_) => {}
        }
    }

    fn query_params(
        &mut self,
        query: &[postman::QueryParam],
        auth_key: Option<&str>,
        params: &mut NameSet,
    ) -> Vec<QueryParam> {
        let mut out: Vec<QueryParam> = Vec::new();
        for entry in query {
            let Some(name) = entry.key.clone().filter(|k| !k.is_empty()) else {
                continue;
            };
            if Some(name.as_str()) == auth_key {
                continue;
            }
            let example = entry.value.as_deref().map(|v| self.substitute(v));
            if let Some(existing) = out.iter_mut().find(|p| p.name == name) {
                existing.repeated = true;
                existing.required |= !entry.disabled;
                continue;
            }
            let text = description(&entry.description);
            out.push(QueryParam {
                ident: params.claim(&snake_ident(&name, "param")),
                ty: scalar_param_type(example.as_deref(), &text),
                required: !entry.disabled,
                repeated: false,
                description: text,
                example,
                name,
            });
        }
        for param in &mut out {
            if param.repeated {
                param.ty = ParamType::String;
            }
        }
        out
    }

    /// A path parameter's type, shared by name across operations.
    fn path_param_type(&mut self, name: &str, text: &str, example: Option<&str>) -> ParamType {
        let snake = snake_ident(name, "param");
        let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
        let lower = text.to_ascii_lowercase();
        let kind = if words.len() >= 2 && words[0] == "id" {
            Some(PathParamKind::IdOr {
                other_variant: type_ident(&words[1..].join("_"), "Other"),
            })
        } else if lower.contains(" or ") && !lower.contains("comma") {
            Some(PathParamKind::Text)
        } else {
            None
        };
        let Some(kind) = kind else {
            return match example {
                Some(value) if is_integer(value) => ParamType::Integer,
                _ => ParamType::String,
            };
        };
        if let Some(existing) = self.path_types.get(name) {
            return ParamType::Named(existing.type_name.clone());
        }
        let type_name = self.types.names().claim(&type_ident(name, "PathParam"));
        self.path_types.insert(
            name.to_string(),
            PathParamType {
                type_name: type_name.clone(),
                param: name.to_string(),
                description: text.to_string(),
                kind,
            },
        );
        ParamType::Named(type_name)
    }

    fn body(
        &mut self,
        request: &postman::Request,
        sent: &[&postman::Body],
        builder: &str,
        params: &mut NameSet,
        location: &str,
    ) -> Result<Option<RequestBody>, Error> {
        let Some(body) = request.body.as_ref().filter(|b| !b.disabled) else {
            return Ok(None);
        };
        let mode = body.mode.clone().unwrap_or_else(|| {
            if body.raw.is_some() {
                "raw".into()
            } else {
                String::new()
            }
        });
        let hint = NameHint::kept(format!("{builder}Body"));
        let (encoding, shape) = match mode.as_str() {
            "" => return Ok(None),
            "raw" => {
                let raw = body.raw.clone().unwrap_or_default();
                if raw.trim().is_empty() {
                    return Ok(None);
                }
                let declared_json = body.raw_language() == Some("json")
                    || request.header.0.iter().any(|h| h.key.eq_ignore_ascii_case("content-type") && h.value.as_deref().unwrap_or_default().contains("json"));
                match self.parse_json_text(&raw) {
                    Some(value) => {
                        let mut shape = Shape::of(&value);
                        let others = sent.iter().filter(|b| b.mode.as_deref().unwrap_or("raw") == "raw");
                        for other in others.filter_map(|b| self.parse_json_text(b.raw.as_deref()?)) {
                            shape.merge(&Shape::of(&other));
                        }
                        (BodyEncoding::Json, shape)
                    }
                    None if declared_json => {
                        self.warnings.push(format!("{location}: the raw JSON body does not parse; it is typed as any JSON"));
                        (BodyEncoding::Json, Shape::default())
                    }
                    None => {
                        let content_type = match body.raw_language() {
                            Some("xml") => "application/xml",
                            Some("html") => "text/html",
                            Some("javascript") => "application/javascript",
                            _ => "text/plain",
                        };
                        return Ok(Some(RequestBody {
                            encoding: BodyEncoding::Text {
                                content_type: content_type.to_string(),
                            },
                            ty: TypeRef::String,
                            setters: Vec::new(),
                        }));
                    }
                }
            }
            "urlencoded" => {
                let mut shape = form_shape(&body.urlencoded, false);
                for other in sent.iter().filter(|b| b.mode.as_deref() == Some("urlencoded")) {
                    shape.merge(&form_shape(&other.urlencoded, false));
                }
                (BodyEncoding::Form, shape)
            }
            "formdata" => {
                let mut shape = form_shape(&body.formdata, true);
                for other in sent.iter().filter(|b| b.mode.as_deref() == Some("formdata")) {
                    shape.merge(&form_shape(&other.formdata, true));
                }
                (BodyEncoding::Multipart, shape)
            }
            "file" => {
                return Ok(Some(RequestBody {
                    encoding: BodyEncoding::Binary,
                    ty: TypeRef::Bytes,
                    setters: Vec::new(),
                }))
            }
            "graphql" => {
                let graphql = body.graphql.clone();
                let variables = graphql.as_ref().and_then(|g| g.variables.clone()).map(|v| match v {
                    Value::String(text) => self.parse_json_text(&text).unwrap_or(Value::Object(Default::default())),
                    other => other,
                });
                let value = serde_json::json!({
                    "query": graphql.and_then(|g| g.query).unwrap_or_default(),
                    "variables": variables.unwrap_or(Value::Object(Default::default())),
                });
                (BodyEncoding::GraphQl, Shape::of(&value))
            }
            other => {
                return Err(Error::Request {
            file: None,
                    request: location.to_string(),
                    message: format!("has a body of mode `{other}`, which Postman does not define (expected raw, urlencoded, formdata, file or graphql)"),
                })
            }
        };
        let is_form = matches!(encoding, BodyEncoding::Form | BodyEncoding::Multipart);
        if is_form && shape.object.as_ref().is_none_or(|o| o.fields.is_empty()) {
            // A form without a single named field sends nothing.
            return Ok(None);
        }
        let description = format!("The body of [`{builder}`].");
        let ty = if is_form {
            self.types.form_type(&shape, &hint, &description)
        } else {
            self.types.request_type(&shape, &hint, &description)
        };
        let setters = match &ty {
            TypeRef::Named(name) => self.body_setters(name, params),
            _ => Vec::new(),
        };
        Ok(Some(RequestBody {
            encoding,
            ty,
            setters,
        }))
    }

    fn body_setters(&mut self, type_name: &str, params: &mut NameSet) -> Vec<BodySetter> {
        let Some(TypeKind::Struct(body)) = self.types.resolve(type_name).map(|d| &d.kind) else {
            return Vec::new();
        };
        body.fields
            .iter()
            .map(|field| BodySetter {
                method: params.claim(&field.ident),
                field: field.ident.clone(),
                ty: match &field.ty {
                    TypeRef::Option(inner) => (**inner).clone(),
                    other => other.clone(),
                },
            })
            .collect()
    }

    /// The success type (every 2xx example merged) and what each example means.
    fn response(
        &mut self,
        item: &postman::Item,
        builder: &str,
        subject: Option<String>,
        location: &str,
    ) -> (ResponseBody, Vec<Outcome>) {
        let mut shape = Shape::default();
        let mut outcomes = Vec::new();
        let mut saw_text = false;
        let mut saw_empty = false;
        for example in &item.response {
            let status = example.code.unwrap_or(200);
            let body = example.body.as_deref().unwrap_or_default();
            let parsed = if body.trim().is_empty() {
                None
            } else {
                serde_json::from_str::<Value>(body).ok()
            };
            let success = (200..300).contains(&status);
            let kind = match (&parsed, success) {
                (Some(value), true) if says_failure(value) => OutcomeKind::Rejected,
                (Some(value), true) => {
                    shape.add(value);
                    OutcomeKind::Success
                }
                (None, true) if body.trim().is_empty() => {
                    saw_empty = true;
                    OutcomeKind::Success
                }
                (None, true) => {
                    saw_text = true;
                    OutcomeKind::NotJson
                }
                (Some(value), false) => OutcomeKind::ApiError {
                    code: value
                        .get("code")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                },
                (None, false) => OutcomeKind::NotJson,
            };
            outcomes.push(Outcome {
                example: example.name.clone(),
                status,
                kind,
            });
        }
        let response = if shape.seen > 0 {
            let hint = NameHint::kept(format!("{builder}Response")).with_subject(subject);
            ResponseBody::Json(self.types.response_type(
                &shape,
                &hint,
                &format!("The answer of [`{builder}`]."),
            ))
        } else if saw_text {
            ResponseBody::Text
        } else if saw_empty {
            ResponseBody::Empty
        } else {
            if !item.response.is_empty() {
                self.warnings.push(format!("{location}: no successful example to infer the answer from; it is typed as any JSON"));
            }
            ResponseBody::Json(TypeRef::Json)
        };
        (response, outcomes)
    }

    fn examples(
        &self,
        item: &postman::Item,
        request: &postman::Request,
        path_params: &[PathParam],
    ) -> Vec<Example> {
        item.response
            .iter()
            .map(|response| {
                let sent = response.original_request.as_ref().unwrap_or(request);
                let parts = sent.url.as_ref().and_then(|u| self.url_parts(u));
                let path_args = path_params
                    .iter()
                    .map(|param| {
                        let value = parts
                            .as_ref()
                            .and_then(|p| {
                                p.variables
                                    .iter()
                                    .find(|v| v.name() == Some(param.name.as_str()))
                            })
                            .and_then(postman::Variable::value_text)
                            .or_else(|| param.example.clone())
                            .unwrap_or_else(|| "1".to_string());
                        (param.name.clone(), value)
                    })
                    .collect();
                let query = parts
                    .as_ref()
                    .map(|p| {
                        p.query
                            .iter()
                            .filter(|q| !q.disabled)
                            .filter_map(|q| {
                                Some((
                                    q.key.clone()?,
                                    self.substitute(q.value.as_deref().unwrap_or_default()),
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let body = sent.body.as_ref().and_then(|b| self.example_body(b));
                Example {
                    name: response.name.clone(),
                    status: response.code.unwrap_or(200),
                    path_args,
                    query,
                    body,
                    response_body: response.body.clone(),
                    content_type: response.content_type().map(str::to_string),
                }
            })
            .collect()
    }

    /// The body an example sent, as JSON text (form fields become a JSON object).
    fn example_body(&self, body: &postman::Body) -> Option<String> {
        match body.mode.as_deref() {
            Some("raw") | None => body
                .raw
                .as_ref()
                .filter(|r| !r.trim().is_empty())
                .map(|raw| self.substitute(raw)),
            Some("urlencoded") | Some("formdata") => {
                let fields = if body.mode.as_deref() == Some("urlencoded") {
                    &body.urlencoded
                } else {
                    &body.formdata
                };
                let object: serde_json::Map<String, Value> = fields
                    .iter()
                    .filter(|f| !f.disabled && f.kind.as_deref() != Some("file"))
                    .map(|f| {
                        (
                            f.key.clone(),
                            Value::String(self.substitute(f.value.as_deref().unwrap_or_default())),
                        )
                    })
                    .collect();
                Some(Value::Object(object).to_string())
            }
            _ => None,
        }
    }

    fn pagination(&self, query: &[QueryParam], response: &ResponseBody) -> Option<Pagination> {
        let page = query
            .iter()
            .find(|q| q.name == "page" && q.ty == ParamType::Integer)?;
        let per_page = query.iter().find(|q| {
            matches!(
                q.name.as_str(),
                "per_page" | "pre_page" | "limit" | "page_size"
            ) && q.ty == ParamType::Integer
        });
        let ResponseBody::Json(ty) = response else {
            return None;
        };
        let items = |ty: &TypeRef| match ty {
            TypeRef::List(item) => Some((Container::List, (**item).clone())),
            TypeRef::Map(item) => Some((Container::Map, (**item).clone())),
            _ => None,
        };
        if let Some((container, item_type)) = items(ty) {
            return Some(Pagination {
                page_param: page.ident.clone(),
                per_page_param: per_page.map(|p| p.ident.clone()),
                items_field: None,
                container,
                item_type,
                total_items_field: None,
                total_pages_field: None,
            });
        }
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let TypeKind::Struct(answer) = &self.types.resolve(name)?.kind else {
            return None;
        };
        let list_fields: Vec<&Field> = answer
            .fields
            .iter()
            .filter(|f| f.required && items(&f.ty).is_some())
            .collect();
        let field = list_fields
            .iter()
            .find(|f| ["data", "items", "results", "records"].contains(&f.name.as_str()))
            .or_else(|| (list_fields.len() == 1).then(|| &list_fields[0]))?;
        let (container, item_type) = items(&field.ty)?;
        let counter = |names: &[&str]| {
            answer
                .fields
                .iter()
                .find(|f| names.contains(&f.name.as_str()) && matches!(&f.ty, TypeRef::Integer))
                .map(|f| f.ident.clone())
        };
        Some(Pagination {
            page_param: page.ident.clone(),
            per_page_param: per_page.map(|p| p.ident.clone()),
            items_field: Some(field.ident.clone()),
            container,
            item_type,
            total_items_field: counter(&["total", "total_items", "count"]),
            total_pages_field: counter(&["pages", "total_pages"]),
        })
    }

    fn background(&self, response: &ResponseBody) -> Option<Background> {
        let ResponseBody::Json(TypeRef::Named(name)) = response else {
            return None;
        };
        let TypeKind::Struct(answer) = &self.types.resolve(name)?.kind else {
            return None;
        };
        let fields: Vec<String> = answer
            .fields
            .iter()
            .filter(|f| BACKGROUND_FIELDS.contains(&f.name.as_str()))
            .map(|f| f.ident.clone())
            .collect();
        (!fields.is_empty()).then_some(Background {
            fields,
            recheck: None,
        })
    }

    fn client_auth(&mut self) -> Auth {
        let Some(auth) = self.collection.auth.as_ref() else {
            return Auth::None;
        };
        match auth.kind.as_str() {
            "noauth" => Auth::None,
            "bearer" => Auth::Bearer {
                variable: auth
                    .params
                    .get("token")
                    .and_then(|t| variables_in(t).into_iter().next()),
            },
            "basic" => Auth::Basic,
            "apikey" => Auth::ApiKey {
                name: auth
                    .params
                    .get("key")
                    .cloned()
                    .filter(|k| !k.is_empty())
                    .unwrap_or_else(|| "X-API-Key".to_string()),
                in_query: auth.params.get("in").map(String::as_str) == Some("query"),
            },
            other => {
                self.warnings.push(format!("collection: `{other}` auth is not performed by the client; supply it through a custom reqwest::Client"));
                Auth::Unsupported {
                    kind: other.to_string(),
                }
            }
        }
    }

    /// Replaces `{{name}}` with the collection's value; unknown variables stay as they are.
    fn substitute(&self, text: &str) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find("}}") {
                Some(end) => {
                    let name = after[..end].trim();
                    match self.variables.get(name).filter(|v| !v.is_empty()) {
                        Some(value) => out.push_str(value),
                        None => {
                            out.push_str("{{");
                            out.push_str(&after[..end]);
                            out.push_str("}}");
                        }
                    }
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// JSON text that may hold `{{variables}}` (even unquoted, as Postman allows).
    fn parse_json_text(&self, raw: &str) -> Option<Value> {
        let text = self.substitute(raw);
        serde_json::from_str(&text).ok().or_else(|| {
            // Unresolved variables outside strings: stand in a null so the rest still types.
            let mut patched = String::with_capacity(text.len());
            let mut rest = text.as_str();
            let mut in_string = false;
            let mut escaped = false;
            while let Some(c) = rest.chars().next() {
                if !in_string && rest.starts_with("{{") {
                    if let Some(end) = rest.find("}}") {
                        patched.push_str("null");
                        rest = &rest[end + 2..];
                        continue;
                    }
                }
                match c {
                    '\\' if in_string => escaped = !escaped,
                    '"' if !escaped => in_string = !in_string,
                    _ => escaped = false,
                }
                if c != '\\' {
                    escaped = false;
                }
                patched.push(c);
                rest = &rest[c.len_utf8()..];
            }
            serde_json::from_str(&patched).ok()
        })
    }
}

/// Longest module name: a module is a file (`src/<module>.rs`), and file names have
/// a limit (255 bytes on most file systems) that a deep folder path soon exceeds.
const MAX_MODULE_LEN: usize = 100;

/// The module of a folder: its path from the root, snake-case, cut to [`MAX_MODULE_LEN`].
fn module_name(location: &[String]) -> String {
    let name = snake_ident(&location.join(" "), "folder");
    if name.len() <= MAX_MODULE_LEN {
        return name;
    }
    // `snake_ident` gives ASCII only, so any byte index is a char boundary; running
    // it again drops a cut-off `_` and keeps keywords and leading digits valid.
    snake_ident(&name[..MAX_MODULE_LEN], "folder")
}

/// The package name for a collection title: kebab-case, and (as `-` becomes `_` in
/// code) a valid Rust identifier, so never starting with a digit (`2FA API` -> `api-2fa-api`).
fn crate_name_of(title: &str) -> String {
    let name = snake_ident(title, "api_client")
        .trim_start_matches('_')
        .replace('_', "-");
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}").trim_end_matches('-').to_string()
    } else {
        name
    }
}

/// Points each operation that starts background work at a read of the same folder
/// to check the outcome with: the one sharing most path parameters, in collection order.
fn link_rechecks(operations: &mut [Operation]) {
    let reads: Vec<(String, Vec<String>)> = operations
        .iter()
        .filter(|op| {
            op.http_method == HttpMethod::Get && op.query_params.iter().all(|q| !q.required)
        })
        .map(|op| {
            (
                op.method_name.clone(),
                op.path_params.iter().map(|p| p.name.clone()).collect(),
            )
        })
        .collect();
    for op in operations.iter_mut() {
        let Some(background) = op.background.as_mut() else {
            continue;
        };
        let params: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
        background.recheck = reads
            .iter()
            .enumerate()
            .filter(|(_, (_, needs))| needs.iter().all(|n| params.contains(&n.as_str())))
            .max_by_key(|(index, (_, needs))| (needs.len(), std::cmp::Reverse(*index)))
            .map(|(_, (method, needs))| Recheck {
                method: method.clone(),
                path_params: needs.clone(),
            });
    }
}

/// `{{name}}` -> `name` (the first variable of a segment).
fn variable_name(segment: &str) -> String {
    variables_in(segment)
        .into_iter()
        .next()
        .unwrap_or_else(|| segment.to_string())
}

fn variables_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

/// Splits a raw url into host, path segments and query.
fn split_raw_url(raw: &str) -> (String, Vec<String>, Vec<postman::QueryParam>) {
    let raw = raw.trim();
    let without_hash = raw.split('#').next().unwrap_or_default();
    let (before_query, query_text) = without_hash.split_once('?').unwrap_or((without_hash, ""));
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), before_query),
    };
    let mut pieces = rest.split('/');
    let host = pieces.next().unwrap_or_default();
    let segments = pieces
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let query = query_text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            postman::QueryParam {
                key: Some(key.to_string()),
                value: Some(value.to_string()),
                disabled: false,
                description: None,
            }
        })
        .collect();
    let host = if host.is_empty() {
        String::new()
    } else {
        format!("{scheme}{host}")
    };
    (host, segments, query)
}

/// The path part of a resolved base url (`/wp-json/mainwp/v2`), without the trailing slash.
fn api_root_of(base: &str) -> String {
    let after_scheme = base.split_once("://").map(|(_, rest)| rest).unwrap_or(base);
    match after_scheme.find('/') {
        Some(index) => after_scheme[index..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

fn description(text: &Option<postman::Description>) -> String {
    text.as_ref()
        .map(|d| d.0.trim().to_string())
        .unwrap_or_default()
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.len() <= 18 && digits.chars().all(|c| c.is_ascii_digit())
}

/// A query parameter's type from its example value and description.
fn scalar_param_type(example: Option<&str>, text: &str) -> ParamType {
    let lower = text.to_ascii_lowercase();
    let says_list =
        lower.contains("comma") || lower.contains("list of") || lower.contains("separated");
    match example {
        Some(value) if !says_list && is_integer(value) => ParamType::Integer,
        Some("true" | "false") if !says_list => ParamType::Boolean,
        _ => ParamType::String,
    }
}

/// The shape of a form body: text fields typed from their values, file fields as bytes.
fn form_shape(fields: &[postman::FormField], multipart: bool) -> Shape {
    let mut object = serde_json::Map::new();
    let mut files: Vec<String> = Vec::new();
    for field in fields.iter().filter(|f| !f.key.is_empty()) {
        if multipart && field.kind.as_deref() == Some("file") {
            if !files.contains(&field.key) {
                files.push(field.key.clone());
            }
            continue;
        }
        let text = field.value.clone().unwrap_or_default();
        let value = match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            t if is_integer(t) && !t.starts_with('0') || t == "0" => t
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(text.clone())),
            _ => Value::String(text.clone()),
        };
        object.insert(field.key.clone(), value);
    }
    // A key given as text and as a file is one field (text, as typed): a struct
    // cannot have two members of one name.
    files.retain(|name| !object.contains_key(name));
    let mut shape = Shape::of(&Value::Object(object));
    if let Some(members) = shape.object.as_mut() {
        for name in files {
            // Files are bytes: a shape of its own that only the form emitter reads.
            members.fields.push((name, Shape::file()));
            members.presence.push(1);
        }
    }
    shape
}

/// What a request is about, from its name without verbs: "List all sites" -> `Site`.
fn subject_of(name: &str, folders: &[String]) -> Option<String> {
    let snake = snake_ident(name, "");
    let words: Vec<&str> = snake
        .split('_')
        .filter(|w| !w.is_empty() && !VERBS.contains(w))
        .collect();
    let text = if words.is_empty() {
        folders
            .last()
            .map(|f| snake_ident(f, ""))
            .unwrap_or_default()
    } else {
        words.join("_")
    };
    if text.is_empty() {
        return None;
    }
    Some(singular(&type_ident(&text, "Item")))
}

/// An answer that says it failed while the HTTP status says it worked: a false
/// `success` beside a `message` or `error` (a job status that is merely not done yet
/// has `success: false` too, but no message).
fn says_failure(value: &Value) -> bool {
    if value.get("message").is_none() && value.get("error").is_none() {
        return false;
    }
    match value.get("success") {
        Some(Value::Bool(false)) => true,
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        Some(Value::String(s)) => s == "0" || s.eq_ignore_ascii_case("false"),
        _ => false,
    }
}
