//! Resolved requests -> API model: every decision about the generated client is made here.
//!
//! Names everything (through [`crate::naming`]), shapes builders (required arguments,
//! setters, body setters), infers types from the examples (through [`crate::infer`]) and
//! applies the API family's conventions (from [`crate::profile`]). What a request means
//! in Postman's terms was settled by [`crate::resolve`].

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Kind, Location};
use crate::infer::TypeBuilder;
use crate::ir::*;
use crate::naming::{operation_method_name, singular, snake_ident, type_ident, NameSet};
use crate::profile::Profile;
use crate::reserved;
use crate::resolve;

mod answer;
mod body;
mod roles;

use answer::link_rechecks;

/// Headers the client sets itself (auth, content negotiation), never fixed per operation.
const CLIENT_HEADERS: &[&str] = &[
    "content-type",
    "authorization",
    "accept",
    "content-length",
    "user-agent",
];
/// Words dropped from a request name to find what it is about ("List all sites" -> Site).
const VERBS: &[&str] = &[
    "list", "get", "count", "create", "add", "edit", "update", "delete", "remove", "sync", "check",
    "run", "fetch", "show", "set", "put", "post", "patch", "all", "a", "an", "the", "one",
    "single", "new",
];

/// Lowers a resolved collection. `crate_name` overrides the name derived from the
/// collection. Requests that cannot become operations are left out, each with an error
/// in `diagnostics`.
pub fn lower(
    collection: &resolve::Collection,
    profile: &Profile,
    crate_name: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Api {
    let mut lowering = Lowering::new(collection, profile, diagnostics);
    let mut root = Resource {
        title: String::new(),
        location: Vec::new(),
        module: "client".to_string(),
        accessor: String::new(),
        type_name: "Client".to_string(),
        description: collection.description.clone(),
        operations: Vec::new(),
        children: Vec::new(),
    };
    let mut accessors = NameSet::new();
    accessors.reserve(reserved::CLIENT_METHODS.iter().copied());
    accessors.reserve(reserved::MOCK_SERVER_METHODS.iter().copied());
    lowering.collect_answers(&collection.root);
    lowering.fill(&mut root, &collection.root, accessors);

    lowering.warn_untyped_answers();
    let auth = lowering.client_auth();
    let (template, variables, resolved) = match lowering.base.take() {
        Some(host) => (host.template, host.variables, host.resolved),
        None => Default::default(),
    };
    let example = Some(resolved).filter(|e| !e.contains("{{") && !e.is_empty());
    let api_root = example.as_deref().map(api_root_of).unwrap_or_default();
    let title = collection.name.clone();
    let crate_name = match crate_name {
        Some(name) => name.to_string(),
        None => crate_name_of(&title),
    };
    let mut api = Api {
        title,
        crate_name,
        description: collection.description.clone(),
        base_url: BaseUrl {
            template,
            example,
            api_root,
            variables,
        },
        auth,
        failure_flag: profile.failure_flag.as_ref().map(|flag| FailureFlag {
            member: flag.member.to_string(),
            reason_members: flag.reason_members.iter().map(|m| m.to_string()).collect(),
        }),
        root,
        types: lowering.types.into_defs(),
        path_types: lowering
            .path_types
            .into_values()
            .chain(lowering.enum_types.into_values())
            .collect(),
    };
    roles::name_shared_envelopes(&mut api);
    api
}

struct Lowering<'c> {
    collection: &'c resolve::Collection,
    profile: &'c Profile,
    diagnostics: &'c mut Diagnostics,
    types: TypeBuilder,
    modules: NameSet,
    path_types: BTreeMap<String, PathParamType>,
    /// Query parameter enums, by their listed values.
    enum_types: BTreeMap<String, PathParamType>,
    /// The host of the first request: the client's base url.
    base: Option<resolve::Host>,
    /// The client's credentials when the collection sends them from a variable in a
    /// header (`X-Api-Key: {{apiKey}}`) or the query string (`?api_key={{key}}`) rather
    /// than as Postman auth.
    variable_auth: Option<Auth>,
    /// Operations with no saved 2xx example: their answer is untyped.
    untyped_answers: Vec<Location>,
    /// Headers already warned about as client settings, lower-case.
    setting_headers: std::collections::BTreeSet<String>,
}

impl<'c> Lowering<'c> {
    fn new(
        collection: &'c resolve::Collection,
        profile: &'c Profile,
        diagnostics: &'c mut Diagnostics,
    ) -> Self {
        let mut types = NameSet::new();
        types.reserve(reserved::TYPE_NAMES.iter().copied());
        let mut modules = NameSet::new();
        modules.reserve(reserved::CRATE_MODULES.iter().copied());
        // Crates the generated code names by path (`serde_json::Value`): a module of the
        // same name at the crate root would shadow them there.
        modules.reserve(reserved::EXTERN_CRATES.iter().copied());
        let mut types = TypeBuilder::new(types);
        types.read_json_text(profile.json_text_members);
        Lowering {
            collection,
            profile,
            diagnostics,
            types,
            modules,
            path_types: BTreeMap::new(),
            enum_types: BTreeMap::new(),
            base: None,
            variable_auth: first_credential_header(&collection.root)
                .or_else(|| first_credential_query(&collection.root)),
            setting_headers: Default::default(),
            untyped_answers: Vec::new(),
        }
    }

    /// Lowers the requests and sub-folders of one folder into `resource`.
    fn fill(&mut self, resource: &mut Resource, folder: &resolve::Folder, mut members: NameSet) {
        // Sub-folders' accessors first: they get the plain names, requests give way.
        let mut children = Vec::new();
        for sub in &folder.folders {
            let accessor = members.claim(&snake_ident(&sub.name, "folder"));
            let module = self.modules.claim(&module_name(&sub.path));
            let type_name = self
                .types
                .names()
                .claim(&type_ident(&sub.path.join(" "), "Folder"));
            let child = Resource {
                title: sub.name.clone(),
                location: sub.path.clone(),
                module,
                accessor,
                type_name,
                description: sub.description.clone(),
                operations: Vec::new(),
                children: Vec::new(),
            };
            children.push((child, sub));
        }
        // This folder's requests before the sub-folders' ones, so the types they name
        // ("Site" for "List sites") go to the folder that is about them.
        for request in &folder.requests {
            if let Some(operation) = self.operation(request, &mut members) {
                resource.operations.push(operation);
            }
        }
        link_rechecks(&mut resource.operations);
        for (mut child, sub) in children {
            let mut child_members = NameSet::new();
            child_members.reserve(reserved::HANDLE_METHODS.iter().copied());
            self.fill(&mut child, sub, child_members);
            resource.children.push(child);
        }
    }

    fn operation(
        &mut self,
        request: &resolve::Request,
        members: &mut NameSet,
    ) -> Option<Operation> {
        let location = request.location.clone();
        let title = location.request.clone().unwrap_or_default();

        let Some(http_method) = HttpMethod::from_token(&request.method) else {
            self.diagnostics.error(
                Kind::Method,
                location.at("request.method"),
                format!(
                    "uses the HTTP method `{}`, which is not a valid method token",
                    request.method
                ),
            );
            return None;
        };
        if request.invalid {
            return None;
        }
        self.note_base(&request.host, &location);

        let method_name = members.claim(&operation_method_name(&request.name, &request.folders));
        let builder_candidates = vec![
            type_ident(&request.name, "Call"),
            type_ident(
                &format!("{} {}", request.folders.join(" "), request.name),
                "Call",
            ),
        ];
        let builder_name = self.types.names().claim_first(&builder_candidates);
        let mut params = NameSet::new();
        params.reserve(reserved::BUILDER_METHODS.iter().copied());

        let mut path = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        for segment in &request.path {
            match segment {
                resolve::Segment::Literal(text) => path.push(PathSegment::Literal(text.clone())),
                resolve::Segment::Variable(variable) => {
                    let ty = self.path_param_type(
                        &variable.name,
                        &variable.description,
                        variable.example.as_deref(),
                    );
                    path.push(PathSegment::Param(path_params.len()));
                    path_params.push(PathParam {
                        ident: params.claim(&snake_ident(&variable.name, "param")),
                        name: variable.name.clone(),
                        ty,
                        description: variable.description.clone(),
                        example: variable.example.clone(),
                    });
                }
            }
        }

        // The credential the client sends itself (`?api_key={{key}}` as its auth) is no
        // parameter of any operation.
        let collection_auth = self.collection.auth.as_ref().filter(|a| a.kind != "noauth");
        let client_query_key = match (collection_auth, &self.variable_auth) {
            (
                None,
                Some(Auth::ApiKey {
                    name,
                    in_query: true,
                }),
            ) => Some(name.clone()),
            _ => None,
        };
        let client_query_key = client_query_key.as_deref();
        let mut query_params = query_params(request, self.profile, client_query_key, &mut params);
        for entry in request.query.iter().filter(|e| !e.variables.is_empty()) {
            if Some(entry.key.as_str()) == client_query_key {
                continue;
            }
            let ident = query_params
                .iter()
                .find(|p| p.name == entry.key)
                .map(|p| p.ident.clone())
                .unwrap_or_default();
            self.diagnostics.warning(
                Kind::Variable,
                location.at("request.url.query"),
                format!(
                    "query parameter `{}={}` takes a variable; the caller gives its value (`.{ident}(..)` or an argument), the collection's is only an example",
                    entry.key,
                    entry.template.as_deref().unwrap_or_default()
                ),
            );
        }
        for param in &mut query_params {
            if param.ty != ParamType::String || param.repeated {
                continue;
            }
            if let Some(values) = enumerated_values(&param.description) {
                param.ty = self.enum_param_type(&param.name, &param.description, values, request);
            }
        }

        let mut headers = Vec::new();
        for header in &request.headers {
            let lower_name = header.name.to_ascii_lowercase();
            if CLIENT_HEADERS.contains(&lower_name.as_str()) {
                continue;
            }
            if header.variables.is_empty() {
                headers.push(FixedHeader {
                    name: header.name.clone(),
                    value: header.value.clone(),
                });
                continue;
            }
            // A `{{variable}}` is the user's to give, never a value baked into the
            // client: the credential header is the client's auth, any other is a
            // client-wide setting.
            let is_credential = matches!(&self.variable_auth,
                Some(Auth::ApiKey { name, .. }) if name.eq_ignore_ascii_case(&header.name));
            if !is_credential && self.setting_headers.insert(lower_name) {
                self.diagnostics.warning(
                    Kind::Variable,
                    location.at("request.header"),
                    format!(
                        "header `{}: {}` takes a variable; operations do not send it: set it once with `ClientBuilder::header`",
                        header.name, header.template
                    ),
                );
            }
        }

        let subject = subject_of(&request.name, &request.folders);
        let mut examples = examples(request);
        // The credential's value in a saved example is a placeholder, never a value to send.
        for example in &mut examples {
            example
                .query
                .retain(|(key, _)| Some(key.as_str()) != client_query_key);
        }
        let (response, outcomes) = self.response(request, &builder_name, subject, &location);
        if !request
            .examples
            .iter()
            .any(|e| (200..300).contains(&e.status))
        {
            self.untyped_answers.push(location.clone());
        }
        let body = self.body(request, &builder_name, &mut params, &location);

        let client_kind = self.collection.auth.as_ref().map(|a| a.kind.as_str());
        let auth = match &request.auth {
            Some(auth) if auth.kind == "noauth" => OperationAuth::None,
            Some(auth) if Some(auth.kind.as_str()) != client_kind => {
                self.diagnostics.warning(
                    Kind::Auth,
                    location.clone(),
                    format!(
                        "uses `{}` auth, unlike the rest of the collection; it is sent without the client's credentials",
                        auth.kind
                    ),
                );
                OperationAuth::None
            }
            _ => OperationAuth::Client,
        };
        let access = match &http_method {
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Options => Access::Read,
            _ => Access::Write,
        };
        let pagination = self.pagination(&query_params, &response);
        let background = self.background(&response);
        Some(Operation {
            title: request.name.clone(),
            location: title,
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
            description: request.description.clone(),
            examples,
            pagination,
            background,
        })
    }

    /// The first request's host is the client's base url; others are expected to match.
    fn note_base(&mut self, host: &resolve::Host, location: &Location) {
        match &self.base {
            None => self.base = Some(host.clone()),
            Some(base) if base.template != host.template => {
                self.diagnostics.warning(
                    Kind::Host,
                    location.at("request.url"),
                    format!(
                        "host `{}` differs from the base url `{}`; the request is sent to the base url",
                        host.template, base.template
                    ),
                );
            }
            Some(_) => {}
        }
    }

    /// A path parameter's type, shared by name across operations.
    fn path_param_type(&mut self, name: &str, text: &str, example: Option<&str>) -> ParamType {
        let snake = snake_ident(name, "param");
        let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
        let lower = text.to_ascii_lowercase();
        let id_or_key = self
            .profile
            .id_or_key_prefix
            .is_some_and(|prefix| words.len() >= 2 && words[0] == prefix);
        let kind = if id_or_key {
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

    /// The enum for a query parameter whose description lists its values; parameters
    /// listing the same values share one (`status` of posts and of pages).
    fn enum_param_type(
        &mut self,
        name: &str,
        description: &str,
        values: Vec<String>,
        request: &resolve::Request,
    ) -> ParamType {
        let key = values.join("\u{1f}");
        if let Some(existing) = self.enum_types.get(&key) {
            return ParamType::Named(existing.type_name.clone());
        }
        // Named by what the description calls it ("Connection status to filter on." ->
        // `ConnectionStatus`), else by the folder and the parameter (`PostStatus`).
        let folder = request
            .folders
            .last()
            .map(|f| singular(&type_ident(f, "")))
            .unwrap_or_default();
        let mut candidates: Vec<String> = described_name(description).into_iter().collect();
        candidates.push(format!("{folder}{}", type_ident(name, "Value")));
        let type_name = self.types.names().claim_first(&candidates);
        let mut variants = NameSet::new();
        let values: Vec<EnumValue> = values
            .into_iter()
            .map(|value| EnumValue {
                variant: variants.claim(&type_ident(&value, "Value")),
                value,
            })
            .collect();
        let other_variant = variants.claim_first(&["Other".to_string(), "Unlisted".to_string()]);
        self.enum_types.insert(
            key,
            PathParamType {
                type_name: type_name.clone(),
                param: name.to_string(),
                description: description.to_string(),
                kind: PathParamKind::OneOf {
                    values,
                    other_variant,
                },
            },
        );
        ParamType::Named(type_name)
    }

    /// One warning per operation whose answer the generator could not type, or one for
    /// the whole collection when no request has a saved example at all.
    fn warn_untyped_answers(&mut self) {
        let untyped = std::mem::take(&mut self.untyped_answers);
        let operations = count_requests(&self.collection.root);
        if operations > 0 && untyped.len() == operations {
            self.diagnostics.warning(
                Kind::Response,
                Location::collection(),
                format!(
                    "no request has a saved 2xx example: all {operations} operations answer untyped JSON (`serde_json::Value`); save an example response of each in Postman to type them"
                ),
            );
            return;
        }
        for location in untyped {
            self.diagnostics.warning(
                Kind::Response,
                location.at("response"),
                "has no saved 2xx example; its answer is untyped JSON (`serde_json::Value`)",
            );
        }
    }

    fn client_auth(&mut self) -> Auth {
        let Some(auth) = self
            .collection
            .auth
            .as_ref()
            .filter(|auth| auth.kind != "noauth")
        else {
            return self.variable_auth.clone().unwrap_or(Auth::None);
        };
        match auth.kind.as_str() {
            "bearer" => Auth::Bearer {
                variable: auth
                    .params
                    .get("token")
                    .and_then(|t| resolve::variables_in(t).into_iter().next()),
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
                self.diagnostics.warning(
                    Kind::Auth,
                    Location::collection().at("auth"),
                    format!("`{other}` auth is not performed by the client; supply it through a custom reqwest::Client"),
                );
                Auth::Unsupported {
                    kind: other.to_string(),
                }
            }
        }
    }
}

fn count_requests(folder: &resolve::Folder) -> usize {
    folder.requests.iter().filter(|r| !r.invalid).count()
        + folder.folders.iter().map(count_requests).sum::<usize>()
}

/// Words of a header or variable name that say it holds a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "key",
    "token",
    "secret",
    "auth",
    "password",
    "session",
    "credential",
];

/// The first header of the collection that sends a credential from a variable:
/// `X-Api-Key: {{apiKey}}` (an API key header) or `Authorization: Bearer {{token}}`.
fn first_credential_header(folder: &resolve::Folder) -> Option<Auth> {
    folder
        .requests
        .iter()
        .flat_map(|r| &r.headers)
        .find_map(credential_header)
        .or_else(|| folder.folders.iter().find_map(first_credential_header))
}

/// The first query parameter of the collection that sends a credential from a
/// variable: `?api_key={{apiKey}}`, `?access_token={{token}}`.
fn first_credential_query(folder: &resolve::Folder) -> Option<Auth> {
    folder
        .requests
        .iter()
        .flat_map(|r| &r.query)
        .filter(|entry| !entry.disabled)
        .find_map(|entry| {
            let [variable] = entry.variables.as_slice() else {
                return None;
            };
            let template = entry.template.as_deref()?.trim();
            let whole = template
                .strip_prefix("{{")
                .and_then(|t| t.strip_suffix("}}"))
                .is_some_and(|inner| inner.trim() == variable);
            let says_credential = |text: &str| {
                let text = text.to_ascii_lowercase();
                CREDENTIAL_WORDS.iter().any(|w| text.contains(w))
            };
            (whole && (says_credential(&entry.key) || says_credential(variable))).then(|| {
                Auth::ApiKey {
                    name: entry.key.clone(),
                    in_query: true,
                }
            })
        })
        .or_else(|| folder.folders.iter().find_map(first_credential_query))
}

fn credential_header(header: &resolve::Header) -> Option<Auth> {
    let [variable] = header.variables.as_slice() else {
        return None;
    };
    let template = header.template.trim();
    let whole_variable = |text: &str| {
        text.trim()
            .strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"))
            .is_some_and(|inner| inner.trim() == variable)
    };
    let name = header.name.to_ascii_lowercase();
    if name == "authorization" {
        let (scheme, rest) = template.split_once(' ')?;
        return (scheme.eq_ignore_ascii_case("bearer") && whole_variable(rest)).then(|| {
            Auth::Bearer {
                variable: Some(variable.clone()),
            }
        });
    }
    let says_credential = |text: &str| CREDENTIAL_WORDS.iter().any(|w| text.contains(w));
    (whole_variable(template)
        && (says_credential(&name) || says_credential(&variable.to_ascii_lowercase())))
    .then(|| Auth::ApiKey {
        name: header.name.clone(),
        in_query: false,
    })
}

/// Query parameters, each a setter unless there is evidence it is required: its
/// description says so, or at least two saved examples all send it (or, where the
/// profile says so, it is enabled). An enabled parameter in Postman is only what the
/// author last sent. A key given more than once is a list.
fn query_params(
    request: &resolve::Request,
    profile: &Profile,
    client_query_key: Option<&str>,
    params: &mut NameSet,
) -> Vec<QueryParam> {
    let mut out: Vec<QueryParam> = Vec::new();
    for entry in &request.query {
        if Some(entry.key.as_str()) == client_query_key {
            continue;
        }
        let name = entry.key.clone();
        if let Some(existing) = out.iter_mut().find(|p| p.name == name) {
            existing.repeated = true;
            existing.required |= !entry.disabled && profile.enabled_query_is_required;
            continue;
        }
        out.push(QueryParam {
            ident: params.claim(&snake_ident(&name, "param")),
            ty: scalar_param_type(entry.value.as_deref(), &entry.description),
            required: !entry.disabled
                && (profile.enabled_query_is_required || query_param_required(request, entry)),
            repeated: false,
            description: entry.description.clone(),
            // A `{{variable}}` the collection gives no value for is no example.
            example: entry.value.clone().filter(|v| !v.contains("{{")),
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

/// Whether a query parameter is known to be required (see [`query_params`]).
fn query_param_required(request: &resolve::Request, entry: &resolve::QueryEntry) -> bool {
    let text = entry.description.to_ascii_lowercase();
    let says_required = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "required")
        && !text.contains("not required")
        && !text.contains("optional");
    let examples = &request.examples;
    let always_sent = examples.len() >= 2
        && examples
            .iter()
            .all(|example| example.query.iter().any(|(key, _)| *key == entry.key));
    says_required || always_sent
}

/// The saved examples, for docs and contract tests.
fn examples(request: &resolve::Request) -> Vec<Example> {
    request
        .examples
        .iter()
        .map(|example| Example {
            name: example.name.clone(),
            status: example.status,
            path_args: example
                .path_values
                .iter()
                .map(|(name, value)| {
                    // A value a test can send when the collection gives none.
                    (
                        name.clone(),
                        value.clone().unwrap_or_else(|| "1".to_string()),
                    )
                })
                .collect(),
            query: example.query.clone(),
            body: example.body.clone(),
            response_body: example.response_body.clone(),
            content_type: example.content_type.clone(),
        })
        .collect()
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

/// The path part of a resolved base url (`/wp-json/mainwp/v2`), without the trailing slash.
fn api_root_of(base: &str) -> String {
    let after_scheme = base.split_once("://").map(|(_, rest)| rest).unwrap_or(base);
    match after_scheme.find('/') {
        Some(index) => after_scheme[index..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
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

/// The values a parameter's description lists as the only ones it takes: a run of at
/// least two backquoted values joined by commas and "or" ("one of `any` (default),
/// `active`, `inactive`"). Descriptions of lists ("comma separated"), of open sets
/// ("e.g.", "or custom ones") and of other formats list no closed set.
fn enumerated_values(description: &str) -> Option<Vec<String>> {
    let lower = description.to_ascii_lowercase();
    if [
        "comma",
        "separated",
        "array",
        "e.g.",
        "custom",
        "such as",
        "for example",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return None;
    }
    let text = match lower.find("one of") {
        Some(index) => &description[index..],
        None => description,
    };
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let between = rest[..start]
            .replace("(default)", "")
            .replace(',', " ")
            .replace(" or ", " ");
        let joined = between.trim().is_empty() || between.trim() == "or";
        let Some(end) = rest[start + 1..].find('`') else {
            break;
        };
        let value = &rest[start + 1..start + 1 + end];
        if !joined {
            runs.push(Vec::new());
        }
        let run = runs.last_mut().expect("never empty");
        if !value.trim().is_empty() && !run.iter().any(|v| v == value) {
            run.push(value.to_string());
        }
        rest = &rest[start + 1 + end + 1..];
    }
    // The values must come first in what is left (after "one of" or a colon), so a
    // description that merely mentions other parameters (`search`) lists nothing.
    runs.into_iter().find(|run| run.len() >= 2)
}

/// The name a description gives the parameter's value: its leading noun phrase of two
/// or three words ("Connection status to filter on." -> `ConnectionStatus`), after a
/// leading type word ("String.").
fn described_name(description: &str) -> Option<String> {
    let mut text = description.trim();
    for type_word in ["String.", "string.", "String,", "string,"] {
        if let Some(rest) = text.strip_prefix(type_word) {
            text = rest.trim_start();
        }
    }
    let phrase = text
        .split(['.', ':', '(', ',', ';', '`'])
        .next()
        .unwrap_or_default();
    let words: Vec<&str> = phrase
        .split_whitespace()
        .take_while(|w| !["to", "for", "of", "that", "which", "on", "in", "is"].contains(w))
        .collect();
    let is_phrase = (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        && !["one", "string", "where", "the", "a", "an"]
            .contains(&words[0].to_ascii_lowercase().as_str());
    is_phrase.then(|| type_ident(&words.join(" "), "Value"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postman;

    fn lower_json_with(json: serde_json::Value, profile: &Profile) -> (Api, Diagnostics) {
        let collection =
            postman::parse_str(&json.to_string(), "test.json").expect("a valid collection");
        let mut diagnostics = Diagnostics::new();
        let resolved = resolve::resolve(&collection, &mut diagnostics);
        let api = lower(&resolved, profile, None, &mut diagnostics);
        (api, diagnostics)
    }

    fn lower_json(json: serde_json::Value) -> Api {
        let (api, diagnostics) = lower_json_with(json, &Profile::MAINWP);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        api
    }

    fn one_request(request: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"info": {"name": "Test API"}, "item": [
            {"name": "Sites", "item": [request]}
        ]})
    }

    fn only_operation(api: &Api) -> &Operation {
        let (_, op) = api.operations().next().expect("an operation");
        op
    }

    #[test]
    fn enabled_query_params_are_required_and_disabled_ones_optional() {
        let api = lower_json(one_request(serde_json::json!({
            "name": "List sites",
            "request": {"url": {"raw": "https://x.example/sites", "host": ["https://x.example"], "path": ["sites"],
                "query": [
                    {"key": "status", "value": "active"},
                    {"key": "page", "value": "2", "disabled": true},
                    {"key": "ids", "value": "1"}, {"key": "ids", "value": "2", "disabled": true},
                    {"key": "full", "value": "true", "disabled": true}
                ]}}
        })));
        let op = only_operation(&api);
        let params: Vec<(&str, bool, bool, &ParamType)> = op
            .query_params
            .iter()
            .map(|q| (q.ident.as_str(), q.required, q.repeated, &q.ty))
            .collect();
        assert_eq!(
            params,
            [
                ("status", true, false, &ParamType::String),
                ("page", false, false, &ParamType::Integer),
                ("ids", true, true, &ParamType::String),
                ("full", false, false, &ParamType::Boolean),
            ]
        );
    }

    #[test]
    fn folder_words_leave_method_names_and_repeats_are_numbered() {
        let api = lower_json(serde_json::json!({"info": {"name": "Test API"}, "item": [
            {"name": "Sites", "item": [
                {"name": "List sites", "request": {"url": "https://x.example/sites"}},
                {"name": "List sites", "request": {"url": "https://x.example/sites?all=1"}},
                {"name": "Send", "request": {"url": "https://x.example/send"}}
            ]},
            {"name": "Execute", "request": {"url": "https://x.example/execute"}}
        ]}));
        let names: Vec<(&str, &str)> = api
            .operations()
            .map(|(_, op)| (op.method_name.as_str(), op.builder_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                // A root request may not take a name the runtime's client defines.
                ("execute_2", "Execute"),
                ("list", "ListSites"),
                ("list_2", "SitesListSites"),
                // `Send` is the std trait: the builder takes the qualified name.
                ("send", "SitesSend"),
            ]
        );
        assert_eq!(api.crate_name, "test-api");
        assert_eq!(api.root.children[0].accessor, "sites");
        assert_eq!(api.root.children[0].type_name, "Sites");
    }

    #[test]
    fn json_body_fields_become_setters_that_avoid_builder_methods() {
        let api = lower_json(one_request(serde_json::json!({
            "name": "Create site",
            "request": {"method": "POST", "url": "https://x.example/sites",
                "body": {"mode": "raw", "raw": "{\"name\": \"a\", \"send\": true}",
                         "options": {"raw": {"language": "json"}}}}
        })));
        let body = only_operation(&api).body.as_ref().expect("a body");
        assert_eq!(body.encoding, BodyEncoding::Json);
        assert_eq!(body.ty, TypeRef::Named("CreateSiteBody".into()));
        let setters: Vec<(&str, &str, &TypeRef)> = body
            .setters
            .iter()
            .map(|s| (s.method.as_str(), s.field.as_str(), &s.ty))
            .collect();
        assert_eq!(
            setters,
            [
                ("name", "name", &TypeRef::String),
                ("send_2", "send", &TypeRef::Bool)
            ]
        );
    }

    #[test]
    fn an_empty_form_sends_no_body_and_raw_text_keeps_its_language() {
        let api = lower_json(serde_json::json!({"info": {"name": "t"}, "item": [
            {"name": "Empty form", "request": {"method": "POST", "url": "https://x.example/a",
                "body": {"mode": "urlencoded", "urlencoded": []}}},
            {"name": "Xml", "request": {"method": "POST", "url": "https://x.example/b",
                "body": {"mode": "raw", "raw": "<a/>", "options": {"raw": {"language": "xml"}}}}}
        ]}));
        let bodies: Vec<Option<&BodyEncoding>> = api
            .operations()
            .map(|(_, op)| op.body.as_ref().map(|b| &b.encoding))
            .collect();
        assert_eq!(
            bodies,
            [
                None,
                Some(&BodyEncoding::Text {
                    content_type: "application/xml".into()
                })
            ]
        );
    }

    #[test]
    fn id_prefixed_path_params_follow_the_profile() {
        let request = one_request(serde_json::json!({
            "name": "Get site",
            "request": {"url": {"raw": "https://x.example/sites/:id_domain", "host": ["https://x.example"],
                "path": ["sites", ":id_domain"], "variable": [{"key": "id_domain", "value": "3"}]}}
        }));
        let (mainwp, _) = lower_json_with(request.clone(), &Profile::MAINWP);
        assert_eq!(
            only_operation(&mainwp).path_params[0].ty,
            ParamType::Named("IdDomain".into())
        );
        assert_eq!(
            mainwp.path_types[0].kind,
            PathParamKind::IdOr {
                other_variant: "Domain".into()
            }
        );
        let plain = Profile {
            id_or_key_prefix: None,
            ..Profile::MAINWP
        };
        let (other, _) = lower_json_with(request, &plain);
        assert_eq!(only_operation(&other).path_params[0].ty, ParamType::Integer);
        assert!(other.path_types.is_empty());
    }

    #[test]
    fn answers_are_typed_from_successes_and_failures_become_outcomes() {
        let api = lower_json(one_request(serde_json::json!({
            "name": "Sync site",
            "request": {"method": "POST", "url": "https://x.example/sync"},
            "response": [
                {"name": "Started", "code": 200, "body": "{\"success\": 1, \"job_id\": \"j1\"}"},
                {"name": "Refused", "code": 200, "body": "{\"success\": 0, \"message\": \"busy\"}"},
                {"name": "Missing", "code": 404, "body": "{\"code\": \"not_found\", \"message\": \"no\"}"}
            ]
        })));
        let op = only_operation(&api);
        let kinds: Vec<&OutcomeKind> = op.outcomes.iter().map(|o| &o.kind).collect();
        assert_eq!(
            kinds,
            [
                &OutcomeKind::Success,
                &OutcomeKind::Rejected,
                &OutcomeKind::ApiError {
                    code: Some("not_found".into())
                }
            ]
        );
        assert_eq!(
            op.response,
            ResponseBody::Json(TypeRef::Named("SyncSiteResponse".into()))
        );
        let background = op
            .background
            .as_ref()
            .expect("job_id means background work");
        assert_eq!(background.fields, ["job_id"]);
        assert_eq!(op.access, Access::Write);
    }

    #[test]
    fn pages_are_found_by_the_profiles_parameter_names() {
        let api = lower_json(one_request(serde_json::json!({
            "name": "List sites",
            "request": {"url": "https://x.example/sites?page=1&pre_page=10"},
            "response": [{"name": "OK", "code": 200,
                "body": "{\"data\": [{\"id\": 1}], \"total\": 1}"}]
        })));
        let pagination = only_operation(&api)
            .pagination
            .as_ref()
            .expect("a paged list");
        assert_eq!(pagination.page_param, "page");
        assert_eq!(pagination.per_page_param.as_deref(), Some("pre_page"));
        assert_eq!(pagination.items_field.as_deref(), Some("data"));
        assert_eq!(pagination.total_items_field.as_deref(), Some("total"));
    }

    #[test]
    fn an_invalid_method_token_is_an_error_and_the_rest_still_lowers() {
        let (api, diagnostics) = lower_json_with(
            serde_json::json!({"info": {"name": "t"}, "item": [
                {"name": "Brew", "request": {"method": "BREW TEA", "url": "https://x.example/pot"}},
                {"name": "Get", "request": {"url": "https://x.example/pot"}}
            ]}),
            &Profile::MAINWP,
        );
        let errors: Vec<String> = diagnostics.errors().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            ["request `Brew` (item[0].request.method): uses the HTTP method `BREW TEA`, which is not a valid method token"]
        );
        assert_eq!(api.operations().count(), 1);
    }

    #[test]
    fn custom_method_tokens_become_operations() {
        let (api, diagnostics) = lower_json_with(
            serde_json::json!({"info": {"name": "t"}, "item": [
                {"name": "Purge cache", "request": {"method": "purge", "url": "https://x.example/cache"}},
                {"name": "Find properties", "request": {"method": "PROPFIND", "url": "https://x.example/dav"}},
                {"name": "Postman", "request": {"method": "POSTMAN", "url": "https://x.example/p"}}
            ]}),
            &Profile::GENERIC,
        );
        assert_eq!(diagnostics.errors().count(), 0);
        let methods: Vec<&str> = api
            .operations()
            .map(|(_, op)| op.http_method.as_str())
            .collect();
        assert_eq!(methods, ["PURGE", "PROPFIND", "POSTMAN"]);
    }

    #[test]
    fn the_first_host_is_the_base_url_and_others_are_warned_about() {
        let (api, diagnostics) = lower_json_with(
            serde_json::json!({"info": {"name": "t"},
            "variable": [{"key": "baseUrl", "value": "https://d.example/wp-json/mainwp/v2"}],
            "item": [
                {"name": "A", "request": {"url": "{{baseUrl}}/a"}},
                {"name": "B", "request": {"url": "https://other.example/b"}}
            ]}),
            &Profile::MAINWP,
        );
        assert_eq!(api.base_url.template, "{{baseUrl}}");
        assert_eq!(api.base_url.api_root, "/wp-json/mainwp/v2");
        // Besides the warning that no request has an example.
        let kinds: Vec<Kind> = diagnostics.warnings().map(|w| w.kind).collect();
        assert_eq!(kinds, [Kind::Host, Kind::Response]);
    }

    #[test]
    fn a_description_that_lists_the_only_values_gives_them() {
        assert_eq!(
            enumerated_values(
                "Activation state. String, one of `any` (default), `active`, `inactive`."
            ),
            Some(vec!["any".into(), "active".into(), "inactive".into()])
        );
        assert_eq!(
            enumerated_values(
                "Where `search` looks (string): `title`, `body` or `Title and Body`."
            ),
            Some(vec!["title".into(), "body".into(), "Title and Body".into()])
        );
    }

    #[test]
    fn lists_open_sets_and_lone_mentions_are_not_enumerations() {
        // Several values at once: a list, not one of them.
        assert_eq!(
            enumerated_values("Update types, comma separated: `all` (default), `wp`, `plugins`."),
            None
        );
        // Examples of an open set.
        assert_eq!(
            enumerated_values("Product type slugs (`plugin`, `theme` or custom ones), or `any`."),
            None
        );
        // Mentions of other parameters, one at a time.
        assert_eq!(
            enumerated_values("Only together with `search`; see `page`."),
            None
        );
    }

    #[test]
    fn an_enum_is_named_by_the_description_or_else_by_folder_and_parameter() {
        assert_eq!(
            described_name("Connection status to filter on. String, one of `any`"),
            Some("ConnectionStatus".to_string())
        );
        assert_eq!(
            described_name("String. Payment type: `any`, `subscription` or `lifetime`."),
            Some("PaymentType".to_string())
        );
        assert_eq!(described_name("Status to keep (string): `publish`"), None);
        assert_eq!(described_name("string, one of `approved`, `pending`"), None);
    }

    #[test]
    fn query_parameters_with_the_same_listed_values_share_one_enum() {
        let query = |key: &str| {
            serde_json::json!({"key": key, "value": "active",
                   "description": "Activation state, one of `any`, `active`, `inactive`."})
        };
        let api = lower_json(serde_json::json!({
            "info": {"name": "Enums", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [
                {"name": "Plugins", "item": [{"name": "List plugins", "request": {"method": "GET",
                    "url": {"raw": "https://a.example/wp-json/mainwp/v2/plugins?status=active",
                            "host": ["https://a.example/wp-json/mainwp/v2"], "path": ["plugins"],
                            "query": [query("status")]}}}]},
                {"name": "Themes", "item": [{"name": "List themes", "request": {"method": "GET",
                    "url": {"raw": "https://a.example/wp-json/mainwp/v2/themes?state=active",
                            "host": ["https://a.example/wp-json/mainwp/v2"], "path": ["themes"],
                            "query": [query("state")]}}}]}
            ]
        }));
        let enums: Vec<&PathParamType> = api
            .path_types
            .iter()
            .filter(|t| matches!(t.kind, PathParamKind::OneOf { .. }))
            .collect();
        assert_eq!(enums.len(), 1, "{enums:#?}");
        assert_eq!(enums[0].type_name, "ActivationState");
        let types: Vec<&ParamType> = api
            .operations()
            .flat_map(|(_, op)| op.query_params.iter().map(|q| &q.ty))
            .collect();
        assert_eq!(
            types,
            [
                &ParamType::Named("ActivationState".into()),
                &ParamType::Named("ActivationState".into())
            ]
        );
    }
}
