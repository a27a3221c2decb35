//! The API model: what a collection means, with every name and type decided.
//!
//! Plain data, knowing nothing of JSON layout or of `quote`: the emitter reads it and
//! makes no further decisions. Its `Debug` form is what the snapshot tests review.

/// A whole API: configuration, resources (from folders) and the named types they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The collection's name, as written.
    pub title: String,
    /// Cargo package name of the generated crate (kebab-case).
    pub crate_name: String,
    pub description: String,
    pub base_url: BaseUrl,
    /// The client-wide credentials (collection-level auth).
    pub auth: Auth,
    /// How a 2xx answer of this API says it failed, when it does (from the profile).
    pub failure_flag: Option<FailureFlag>,
    /// Requests that sit outside every folder become methods of the client itself.
    pub root: Resource,
    /// Every named type (structs and enums), in a stable order.
    pub types: Vec<TypeDef>,
    /// Named parameter types: path parameters with several spellings (`IdDomain`,
    /// `KeyIdentifier`, ...) and query parameters with listed values (`ConnectionStatus`).
    pub path_types: Vec<PathParamType>,
}

impl Api {
    /// Every resource of the tree, parents before children (the root first).
    pub fn resources(&self) -> Vec<&Resource> {
        let mut out = Vec::new();
        let mut pending = vec![&self.root];
        while let Some(resource) = pending.pop() {
            out.push(resource);
            pending.extend(resource.children.iter().rev());
        }
        out
    }

    /// Every operation with the resource it belongs to, in the order of [`Api::resources`].
    pub fn operations(&self) -> impl Iterator<Item = (&Resource, &Operation)> {
        self.resources()
            .into_iter()
            .flat_map(|resource| resource.operations.iter().map(move |op| (resource, op)))
    }
}

/// Where requests go: the collection's base url, split into what the caller configures
/// and the path of the API root below it.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseUrl {
    /// The template as the collection writes it, e.g. `{{baseUrl}}`.
    pub template: String,
    /// The example value, with variables resolved, e.g. `https://dashboard.example.com/wp-json/mainwp/v2`.
    pub example: Option<String>,
    /// The path below the origin that every request shares (`/wp-json/mainwp/v2`),
    /// which the client appends when the caller gives only the site's address.
    pub api_root: String,
    /// Collection variables the base url is made of.
    pub variables: Vec<String>,
}

/// An answer member that says the call failed although the status says it worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureFlag {
    pub member: String,
    /// Members that carry the reason; a false flag without one is not a failure.
    pub reason_members: Vec<String>,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`; `variable` is the collection variable holding it.
    Bearer { variable: Option<String> },
    /// HTTP basic auth.
    Basic,
    /// An API key sent in a header or the query string under `name`.
    ApiKey { name: String, in_query: bool },
    /// A Postman auth type the runtime cannot perform (oauth1, awsv4, ...): requests are
    /// sent without it and the caller adds it through a custom `reqwest::Client`.
    Unsupported { kind: String },
}

/// A folder: a handle type with one method per request and one accessor per sub-folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The folder name as written (empty for the root).
    pub title: String,
    /// Folder names from the root down to this one.
    pub location: Vec<String>,
    /// Module file name, unique among the crate's resource modules.
    pub module: String,
    /// Accessor method on the parent handle.
    pub accessor: String,
    /// Handle type name, unique crate-wide.
    pub type_name: String,
    pub description: String,
    pub operations: Vec<Operation>,
    pub children: Vec<Resource>,
}

/// One request of the collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The request name as written.
    pub title: String,
    /// `Folder / Sub-folder / Request`, for messages.
    pub location: String,
    /// Method on the resource handle.
    pub method_name: String,
    /// The per-operation builder type, unique crate-wide.
    pub builder_name: String,
    pub http_method: HttpMethod,
    pub path: Vec<PathSegment>,
    pub path_params: Vec<PathParam>,
    pub query_params: Vec<QueryParam>,
    pub headers: Vec<FixedHeader>,
    pub body: Option<RequestBody>,
    pub response: ResponseBody,
    /// Every saved example's status and what it means.
    pub outcomes: Vec<Outcome>,
    pub auth: OperationAuth,
    pub access: Access,
    pub description: String,
    pub examples: Vec<Example>,
    pub pagination: Option<Pagination>,
    /// The answer reports work started in the background (`job_id`, `queued_count`, ...).
    pub background: Option<Background>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    /// Any other method token (`PURGE`, `PROPFIND`, `LINK`), upper-case, valid per RFC 9110.
    Other(String),
}

impl HttpMethod {
    /// The method for a token, or `None` when it is not a valid HTTP method token.
    pub fn from_token(token: &str) -> Option<HttpMethod> {
        // RFC 9110 `token`: visible ASCII except delimiters.
        let valid = !token.is_empty()
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        Some(match token {
            _ if !valid => return None,
            "GET" => HttpMethod::Get,
            "HEAD" => HttpMethod::Head,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            "OPTIONS" => HttpMethod::Options,
            other => HttpMethod::Other(other.to_string()),
        })
    }

    pub fn as_str(&self) -> &str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Other(token) => token,
        }
    }
}

/// Which permission a key needs: reads only, or writes and deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationAuth {
    /// The client's credentials.
    Client,
    /// Sent without credentials (`noauth`, or a different scheme the runtime cannot do).
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into `Operation::path_params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// The name in the collection (`id_domain`).
    pub name: String,
    /// The Rust argument name.
    pub ident: String,
    pub ty: ParamType,
    pub description: String,
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryParam {
    pub name: String,
    pub ident: String,
    pub ty: ParamType,
    /// Enabled in the collection: a required argument of the operation method.
    pub required: bool,
    /// The key appears more than once (`ids=1&ids=2`): a list.
    pub repeated: bool,
    pub description: String,
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Boolean,
    /// One of `Api::path_types`, by type name.
    Named(String),
}

/// A path parameter type shared by every operation that takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParamType {
    pub type_name: String,
    /// The collection name it comes from.
    pub param: String,
    pub description: String,
    pub kind: PathParamKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathParamKind {
    /// A numeric id or some other key (`id_domain`: `Id(1)` or `Domain("a.example")`).
    IdOr { other_variant: String },
    /// A string accepting several spellings (`key_identifier`: `7` or `ck_...`).
    Text,
    /// One of the values the description lists (`any`, `active`, `inactive`), or any
    /// other text the collection did not list.
    OneOf {
        values: Vec<EnumValue>,
        /// The variant that carries unlisted values (`Other`, unless a value took it).
        other_variant: String,
    },
}

/// A listed value of a [`PathParamKind::OneOf`] parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub variant: String,
    /// The text sent.
    pub value: String,
}

/// A header the operation always sends (other than auth and Content-Type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub encoding: BodyEncoding,
    /// The Rust type the caller gives.
    pub ty: TypeRef,
    /// For object bodies: the fields, offered as setters on the builder (the required
    /// ones as arguments of the operation's method).
    pub setters: Vec<BodySetter>,
    /// Every request sends `{}`: the caller gives nothing and the request sends `{}`.
    pub empty_object: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Form,
    Multipart,
    /// Raw text with its content type.
    Text {
        content_type: String,
    },
    /// Raw bytes (Postman `file` mode).
    Binary,
    /// GraphQL: `{query, variables}` sent as JSON.
    GraphQl,
}

/// A body field offered as a builder setter (`.name("x")`), beside `.body(T)`.
#[derive(Debug, Clone, PartialEq)]
pub struct BodySetter {
    /// The builder method name (unique among the builder's methods).
    pub method: String,
    /// The field in the body struct.
    pub field: String,
    /// The field's type without its `Option`.
    pub ty: TypeRef,
    /// The request cannot go without it: an argument of the operation's method, not a setter.
    pub required: bool,
}

/// What a successful answer decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Json(TypeRef),
    Text,
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub example: String,
    pub status: u16,
    pub kind: OutcomeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeKind {
    /// A 2xx answer that decodes into the response type.
    Success,
    /// A 2xx answer whose body says `"success": 0`: `Error::Rejected`.
    Rejected,
    /// An error status with a WordPress error body: `Error::Api` with this code.
    ApiError { code: Option<String> },
    /// An answer that is not JSON.
    NotJson,
}

/// A saved example: what was sent and what came back, for docs and contract tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub status: u16,
    /// Path parameter values, by parameter name.
    pub path_args: Vec<(String, String)>,
    /// Query pairs actually sent.
    pub query: Vec<(String, String)>,
    /// The request body as sent (JSON text, form pairs as JSON object text, ...).
    pub body: Option<String>,
    pub response_body: Option<String>,
    pub content_type: Option<String>,
}

/// A list operation that takes `page` / `per_page`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The query param idents on the builder.
    pub page_param: String,
    pub per_page_param: Option<String>,
    /// Where the items are in the response: a field of the response struct, or the body itself.
    pub items_field: Option<String>,
    pub container: Container,
    pub item_type: TypeRef,
    pub total_items_field: Option<String>,
    pub total_pages_field: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    List,
    /// An object keyed by id: the items are its values.
    Map,
}

/// The answer of an operation that starts background work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Background {
    /// The fields of the answer that identify or measure the work.
    pub fields: Vec<String>,
    /// A read operation of the same folder to check the outcome with.
    pub recheck: Option<Recheck>,
}

/// A read operation that shows the outcome of background work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recheck {
    /// Its method on the same handle.
    pub method: String,
    /// Its path parameters, all among those of the operation that started the work.
    pub path_params: Vec<String>,
}

/// A Rust type as the generated code spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Bool,
    Integer,
    Float,
    String,
    /// Any JSON (`serde_json::Value`): the examples disagree or say nothing.
    Json,
    /// A date text in some examples, a Unix timestamp in others (the runtime's
    /// `DateOrTimestamp`).
    DateOrTimestamp,
    Bytes,
    Option(Box<TypeRef>),
    List(Box<TypeRef>),
    /// An object keyed by ids or other data: `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// JSON text inside a string member (`"[{\"name\":...}]"`), kept as sent and decoded
    /// into the inner type on demand (the runtime's `JsonText`).
    JsonText(Box<TypeRef>),
    Named(String),
}

impl TypeRef {
    /// The type a wrapper holds (`Option`, `Vec`, a map's values, JSON text's content),
    /// for the walks that look through wrappers to the named types inside.
    pub fn inner(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Option(inner)
            | TypeRef::List(inner)
            | TypeRef::Map(inner)
            | TypeRef::JsonText(inner) => Some(inner),
            _ => None,
        }
    }

    /// [`TypeRef::inner`], to change it.
    pub fn inner_mut(&mut self) -> Option<&mut TypeRef> {
        match self {
            TypeRef::Option(inner)
            | TypeRef::List(inner)
            | TypeRef::Map(inner)
            | TypeRef::JsonText(inner) => Some(inner),
            _ => None,
        }
    }
}

/// A type as the generated code spells it, without module paths (`Option<Vec<i64>>`):
/// how reports (the IR review, `cargo xtask diff`) name it.
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Bool => f.write_str("bool"),
            TypeRef::Integer => f.write_str("i64"),
            TypeRef::Float => f.write_str("f64"),
            TypeRef::String => f.write_str("String"),
            TypeRef::Json => f.write_str("serde_json::Value"),
            TypeRef::Bytes => f.write_str("Vec<u8>"),
            TypeRef::DateOrTimestamp => f.write_str("DateOrTimestamp"),
            TypeRef::Option(inner) => write!(f, "Option<{inner}>"),
            TypeRef::List(inner) => write!(f, "Vec<{inner}>"),
            TypeRef::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            TypeRef::JsonText(inner) => write!(f, "JsonText<{inner}>"),
            TypeRef::Named(name) => f.write_str(name),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: TypeDoc,
    pub kind: TypeKind,
}

/// What is known about a type beyond its fields, as facts; emit words the docs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TypeDoc {
    /// Nothing more.
    #[default]
    None,
    /// The request body of the operation whose builder has this name.
    BodyOf(String),
    /// The answer of the operation whose builder has this name (or of its items).
    AnswerOf(String),
    /// Text from the collection.
    Text(String),
    /// A record the collection shows in several places, merged from all of them.
    Entity {
        /// Objects merged into it.
        examples: u32,
        /// Distinct member sets it was seen with.
        variants: usize,
    },
    /// The answer of the writes that only say whether they worked.
    Acknowledgement,
    /// The same answer of several operations.
    Shared,
    /// A member (or the items of a member) of another type.
    MemberOf {
        /// The type that holds it.
        parent: String,
        /// The member's name as sent.
        member: String,
    },
}

impl From<&str> for TypeDoc {
    fn from(text: &str) -> TypeDoc {
        if text.is_empty() {
            TypeDoc::None
        } else {
            TypeDoc::Text(text.to_string())
        }
    }
}

impl From<&TypeDoc> for TypeDoc {
    fn from(doc: &TypeDoc) -> TypeDoc {
        doc.clone()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// Another name for a type of the same shape, so each operation keeps its own name.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Field that keeps members the examples did not show (responses only), so a
    /// server that adds a field never breaks decoding.
    pub unknown_fields: Option<String>,
    /// Request bodies: every field optional and skipped when unset.
    pub is_request: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON member name.
    pub name: String,
    pub ident: String,
    pub ty: TypeRef,
    /// Seen in every example with a value: decoding fails if the server leaves it out.
    pub required: bool,
    /// A scalar value seen in the examples (a string, number or boolean), for the docs.
    pub example: Option<serde_json::Value>,
    /// Why the field has its type and is required or not, for reviewers.
    pub evidence: Evidence,
}

/// What the examples showed of one member, and the rule that turned it into a type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// How many of the record's examples had the member ...
    pub present: u32,
    /// ... of how many examples of the record.
    pub records: u32,
    /// The kinds of value seen (`int`, `numeric text`, `""`, `null`, `object`, ...).
    pub seen: Vec<&'static str>,
    /// The rule that decided the type, where the JSON kind alone did not.
    pub rule: Option<TypeRule>,
    /// A request member required because the request's description names it.
    pub described_as_required: bool,
}

/// The inference rules that decide a type beyond the plain JSON kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRule {
    /// Numbers written as text under a name that means a number (`id`, `count_*`, `*_size`):
    /// read leniently as a number.
    NumericName,
    /// `0` / `1` under a name that means yes or no (`is_*`, `*_enabled`): a `bool`.
    BooleanName,
    /// Numbers written as text under another name: kept as the text the server sends.
    NumericTextKept,
    /// `""` beside numbers: no value.
    EmptyTextIsNone,
    /// `[]` where other examples have an object (PHP's empty map): no value.
    EmptyArrayIsNone,
    /// An object whose keys are data (ids, URLs, slugs, meta keys): a map.
    KeyedByData,
    /// A list in some examples, an object keyed by id in others: a list of its values.
    ListOrKeyedObject,
    /// Kinds that no one type takes (text and objects, ...): any JSON.
    Disagreeing,
    /// Only `null` or `[]` was seen: nothing to go on.
    NothingToGoOn,
    /// Date texts beside integers: a date or a Unix timestamp.
    DateOrTimestamp,
    /// Every text is JSON of an array or object (the profile's WordPress habit of
    /// storing lists as JSON): typed by the parsed contents, decoded on demand.
    JsonText,
}

impl TypeRule {
    /// The rule in a few words, for reviews.
    pub fn describe(self) -> &'static str {
        match self {
            TypeRule::NumericName => "numeric text under a numeric name, read as a number",
            TypeRule::BooleanName => "0/1 under a yes-or-no name",
            TypeRule::NumericTextKept => "numbers as text under a plain name, kept as text",
            TypeRule::EmptyTextIsNone => "\"\" beside numbers means none",
            TypeRule::EmptyArrayIsNone => "[] beside objects means none",
            TypeRule::KeyedByData => "keys are data, so a map",
            TypeRule::ListOrKeyedObject => "a list or an object keyed by id, so a list",
            TypeRule::Disagreeing => "the examples disagree, so any JSON",
            TypeRule::NothingToGoOn => "only null or [] seen, so any JSON",
            TypeRule::DateOrTimestamp => "dates beside integers, so a date or a timestamp",
            TypeRule::JsonText => "every text holds a JSON array or object, typed by its contents",
        }
    }
}
