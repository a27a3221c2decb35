//! A local server that answers as the API would, for the tests of programs that use a
//! generated client (the `mock` feature).
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//
// The generic half: the server, stubs and the report. Each generated crate adds the typed
// half in its `mock` module (one accessor per folder and one stub per operation, taking
// the same arguments as the operation's method), and implements [`Operation`] for every
// operation builder: what a stub expects is the request that builder makes, so the stubs
// cannot drift from the client.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, PoisonError};

use futures::lock::Mutex;
use serde_json::Value;
use wiremock::{Match, Mock, MockServer, ResponseTemplate};

use super::auth::Credentials;
use super::client::{ApiConfig, Client, ClientBuilder};
use super::error::Error;
use super::request::{Body, Request, form_encode};
use super::secret::Token;

/// The token the clients of a mock server send, and the one its stubs expect.
pub const TOKEN: &str = "mock-token";

/// A saved answer of an operation: one of the collection's examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedAnswer {
    /// The example's name in the collection.
    pub name: &'static str,
    /// Its HTTP status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its body, as saved.
    pub body: &'static str,
}

/// What a stub needs of an operation builder; the generated `mock` module implements it
/// for every operation.
pub trait Operation {
    /// The typed answer of the operation.
    type Answer: serde::Serialize;
    /// The operation's saved answers, in collection order.
    const EXAMPLES: &'static [SavedAnswer];
    /// The status of a success: that of the first saved success, else 200.
    const SUCCESS_STATUS: u16;
    /// The request the builder sends.
    fn request(&self) -> Result<Request, Error>;
}

/// An operation that sends a body, for [`Stub::with_body`].
pub trait OperationBody: Operation {
    /// The body type the builder's `body(...)` takes.
    type Body;
    /// The builder with this body.
    fn with_body(self, body: Self::Body) -> Self;
}

/// A request built by hand (for [`Client::execute`]) is an operation without saved
/// answers, answered as JSON.
impl Operation for Request {
    type Answer = Value;
    const EXAMPLES: &'static [SavedAnswer] = &[];
    const SUCCESS_STATUS: u16 = 200;
    fn request(&self) -> Result<Request, Error> {
        Ok(self.clone())
    }
}

/// One segment of an operation's path, for [`Server::serve_routes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Text the path always holds, percent-encoded as sent.
    Literal(&'static str),
    /// A path parameter: any one segment.
    Param,
}

/// An operation's method, path and first saved success, for [`Server::serve_routes`].
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The HTTP method.
    pub method: &'static str,
    /// The path below the API root.
    pub path: &'static [Segment],
    /// The answer given to every call.
    pub answer: SavedAnswer,
}

/// How many calls a stub expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Times {
    /// At least one (a stub without [`Stub::times`]).
    AtLeastOnce,
    /// Exactly this many; further calls are unexpected.
    Exactly(u64),
}

/// A mounted stub, for the report.
struct Mounted {
    description: String,
    times: Times,
    calls: Calls,
}

/// The calls a stub answered, recorded by its matcher: wiremock asks the mounted mocks
/// in turn and the first that matches answers, so a stub's matcher says yes exactly to
/// the calls it answers. (wiremock's scoped guards cannot be used for this: they refer
/// to mocks by position, and wiremock reorders its mocks by priority.)
#[derive(Clone, Default)]
struct Calls(Arc<std::sync::Mutex<Vec<wiremock::Request>>>);

impl Calls {
    fn count(&self) -> u64 {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len() as u64
    }

    fn snapshot(&self) -> Vec<wiremock::Request> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, request: &wiremock::Request) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request.clone());
    }
}

/// Priority of stubs in wiremock (lower goes first), ahead of the routes of
/// [`Server::serve_routes`]; among equals the first mounted goes first.
const STUB_PRIORITY: u8 = 1;

/// A local HTTP server on 127.0.0.1 that answers the calls its stubs describe.
///
/// Stubs are mounted with `.await`; [`verify`](Server::verify) then says which expected
/// calls did not come and which calls no stub expected.
pub struct Server {
    mounted: Mutex<Vec<Mounted>>,
    /// What [`Server::serve_routes`] answers: calls that match one are not unexpected.
    routes: Mutex<Vec<RouteMatch>>,
    http: MockServer,
    api: ApiConfig,
    client: Client,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("uri", &self.http.uri())
            .field("api", &self.api.api_name)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Starts a server for the API `api` describes (the generated `Server::start` passes
    /// its crate's configuration).
    pub async fn start_for(api: ApiConfig) -> Server {
        let http = MockServer::start().await;
        let client = ClientBuilder::new(api)
            .base_url(http.uri())
            .token(TOKEN)
            .max_attempts(1)
            .build()
            .expect("a client for a server on 127.0.0.1 builds");
        Server {
            mounted: Mutex::new(Vec::new()),
            routes: Mutex::new(Vec::new()),
            http,
            api,
            client,
        }
    }

    /// A client of this server: its token is [`TOKEN`], and it makes one attempt per
    /// call, so that each call a stub counts is one the code under test made.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A client builder pointed at this server with [`TOKEN`], for code under test that
    /// sets up its own client (retries are then as the builder says).
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new(self.api)
            .base_url(self.http.uri())
            .token(TOKEN)
    }

    /// The server's address, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.http.uri()
    }

    /// The wiremock server underneath, for what the typed stubs do not cover.
    pub fn wiremock(&self) -> &MockServer {
        &self.http
    }

    /// A stub for the call `operation` makes; the generated accessors call this.
    pub fn stub<B: Operation>(&self, operation: B) -> Stub<'_, B> {
        Stub {
            server: self,
            operation,
            answer: None,
            times: Times::AtLeastOnce,
            matchers: Vec::new(),
        }
    }

    /// A stub for a request built by hand, as sent with [`Client::execute`].
    pub fn expect_request(&self, request: Request) -> Stub<'_, Request> {
        self.stub(request)
    }

    /// Answers every call of `routes` with its saved answer, below any stub (a stub
    /// mounted before or after wins). Routes with fewer parameters win over those with
    /// more, so `sites/count` is not taken for `sites/{id}`.
    pub async fn serve_routes(&self, routes: &'static [Route]) {
        let base = self.client.base_url().path().to_owned();
        let mut served = self.routes.lock().await;
        for route in routes {
            let params = route.path.iter().filter(|s| **s == Segment::Param).count();
            let priority = u8::try_from(10 + params).unwrap_or(u8::MAX);
            let matcher = RouteMatch {
                method: route.method,
                base: base.clone(),
                path: route.path,
            };
            Mock::given(matcher.clone())
                .respond_with(saved(&route.answer))
                .with_priority(priority)
                .mount(&self.http)
                .await;
            served.push(matcher);
        }
    }

    /// What came of the stubs: the expected calls that did not come, and the calls no
    /// stub expected (answered 404).
    pub async fn report(&self) -> Report {
        let mut unmatched = self.http.received_requests().await.unwrap_or_default();
        let mut missing = Vec::new();
        for mounted in self.mounted.lock().await.iter() {
            let matched = mounted.calls.snapshot();
            let count = matched.len() as u64;
            for request in &matched {
                if let Some(at) = unmatched.iter().position(|r| same_request(r, request)) {
                    unmatched.remove(at);
                }
            }
            let wanted = match mounted.times {
                Times::Exactly(n) if count != n => Some(format!("{n} calls")),
                Times::AtLeastOnce if count == 0 => Some("a call".to_owned()),
                _ => None,
            };
            if let Some(wanted) = wanted {
                missing.push(format!(
                    "{}: expected {wanted}, got {count}",
                    mounted.description
                ));
            }
        }
        let routes = self.routes.lock().await;
        unmatched.retain(|request| !routes.iter().any(|route| route.matches(request)));
        Report {
            missing,
            unexpected: unmatched.iter().map(describe_received).collect(),
        }
    }

    /// Panics with the [`Report`] when an expected call did not come or a call came that
    /// no stub expected.
    pub async fn verify(&self) {
        let report = self.report().await;
        assert!(report.is_clean(), "{report}");
    }
}

/// What [`Server::report`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Stubs that did not get the calls they expected: what they expected and the count.
    pub missing: Vec<String>,
    /// Calls no stub expected, as `METHOD path?query`.
    pub unexpected: Vec<String>,
}

impl Report {
    /// Whether every stub got its calls and no other call came.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_clean() {
            return f.write_str("every expected call came, and no other");
        }
        if !self.missing.is_empty() {
            writeln!(f, "expected calls that did not come:")?;
            for line in &self.missing {
                writeln!(f, "  {line}")?;
            }
        }
        if !self.unexpected.is_empty() {
            writeln!(f, "calls no stub expected:")?;
            for line in &self.unexpected {
                writeln!(f, "  {line}")?;
            }
        }
        Ok(())
    }
}

/// The answer a stub gives.
enum Answer {
    Json(u16, Value),
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

/// The expected call of one operation and its answer; mounted on its server by `.await`.
///
/// Without an answer it gives the operation's first saved success (else an empty
/// success); without [`times`](Stub::times) it expects at least one call.
#[must_use = "a stub does nothing until it is mounted with `.await`"]
pub struct Stub<'a, B> {
    server: &'a Server,
    operation: B,
    answer: Option<Answer>,
    times: Times,
    matchers: Vec<Box<dyn Match>>,
}

impl<B: fmt::Debug> fmt::Debug for Stub<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("operation", &self.operation)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'a, B: Operation> Stub<'a, B> {
    /// Answers with `answer`, serialized as JSON, and the operation's success status.
    pub fn responds(mut self, answer: B::Answer) -> Self {
        let value = serde_json::to_value(&answer).expect("a typed answer serializes to JSON");
        self.answer = Some(Answer::Json(B::SUCCESS_STATUS, value));
        self
    }

    /// Answers with the operation's saved answer of that name (as in the collection,
    /// e.g. `"Captured 200 OK"`), status, content type and body as saved.
    ///
    /// # Panics
    ///
    /// When the operation has no saved answer of that name; the message lists them.
    pub fn responds_example(mut self, name: &str) -> Self {
        let Some(example) = B::EXAMPLES.iter().find(|e| e.name == name) else {
            let names: Vec<&str> = B::EXAMPLES.iter().map(|e| e.name).collect();
            panic!("no saved answer named {name:?}; this operation has {names:?}");
        };
        self.answer = Some(raw_answer(example));
        self
    }

    /// Answers with this status, content type and body.
    pub fn responds_raw(
        mut self,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.answer = Some(Answer::Raw {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        });
        self
    }

    /// Answers with the API's error object, `{"code", "message", "data": {"status"}}`,
    /// which the client returns as [`Error::Api`].
    pub fn fails(mut self, status: u16, code: &str, message: &str) -> Self {
        let body = serde_json::json!({
            "code": code,
            "message": message,
            "data": { "status": status },
        });
        self.answer = Some(Answer::Json(status, body));
        self
    }

    /// Answers with a success status whose body says the call failed, as the API's
    /// failure flag does (`{"success": 0, "message": ...}`), which the client returns as
    /// [`Error::Rejected`].
    ///
    /// # Panics
    ///
    /// When the API has no failure flag: there every 2xx answer is a success.
    pub fn rejects(mut self, message: &str) -> Self {
        let flag = self
            .server
            .api
            .failure_flag
            .expect("this API reports failures by status alone; use `fails`");
        let mut body = serde_json::Map::new();
        body.insert(flag.member.to_owned(), Value::from(0));
        if let Some(reason) = flag.reason_members.first() {
            body.insert((*reason).to_owned(), Value::from(message));
        }
        self.answer = Some(Answer::Json(B::SUCCESS_STATUS, Value::Object(body)));
        self
    }

    /// Expects exactly `n` calls; the stub answers no more than that.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Times::Exactly(n);
        self
    }

    /// Expects the call the builder makes after `set` (its setters: query parameters,
    /// body fields): `.with_query(|q| q.per_page(50))`. Without it, the call expected is
    /// the one with only the arguments given.
    pub fn with_query(mut self, set: impl FnOnce(B) -> B) -> Self {
        self.operation = set(self.operation);
        self
    }

    /// Expects the call with this body.
    pub fn with_body(mut self, body: B::Body) -> Self
    where
        B: OperationBody,
    {
        self.operation = self.operation.with_body(body);
        self
    }

    /// Also requires `matcher` to match the call.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.matchers.push(Box::new(matcher));
        self
    }

    async fn mount(self) {
        let request = self
            .operation
            .request()
            .expect("the stubbed operation makes a valid request");
        let expected = ExpectedCall::new(self.server, &request);
        let description = expected.to_string();
        let calls = Calls::default();
        let limit = match self.times {
            Times::Exactly(n) => Some(n),
            Times::AtLeastOnce => None,
        };
        let mock = Mock::given(StubMatch {
            expected,
            matchers: self.matchers,
            limit,
            calls: calls.clone(),
        });
        let answer = match self.answer {
            Some(answer) => answer,
            None => B::EXAMPLES
                .iter()
                .find(|e| (200..300).contains(&e.status))
                .map(raw_answer)
                .unwrap_or(Answer::Raw {
                    status: B::SUCCESS_STATUS,
                    content_type: "application/json".to_owned(),
                    body: Vec::new(),
                }),
        };
        let template = match answer {
            Answer::Json(status, value) => ResponseTemplate::new(status).set_body_json(value),
            Answer::Raw {
                status,
                content_type,
                body,
            } => ResponseTemplate::new(status).set_body_raw(body, &content_type),
        };
        mock.respond_with(template)
            .with_priority(STUB_PRIORITY)
            .mount(&self.server.http)
            .await;
        self.server.mounted.lock().await.push(Mounted {
            description,
            times: self.times,
            calls,
        });
    }
}

impl<'a, B: Operation + Send + 'a> IntoFuture for Stub<'a, B> {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.mount())
    }
}

fn raw_answer(example: &SavedAnswer) -> Answer {
    Answer::Raw {
        status: example.status,
        content_type: example.content_type.to_owned(),
        body: example.body.as_bytes().to_vec(),
    }
}

fn saved(example: &SavedAnswer) -> ResponseTemplate {
    ResponseTemplate::new(example.status)
        .set_body_raw(example.body.as_bytes().to_vec(), example.content_type)
}

/// A stub's one matcher: the expected call, the matchers added with [`Stub::and`], and
/// no more calls than [`Stub::times`] allows; a call it matches is recorded as answered.
struct StubMatch {
    expected: ExpectedCall,
    matchers: Vec<Box<dyn Match>>,
    limit: Option<u64>,
    calls: Calls,
}

impl Match for StubMatch {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let matched = self.limit.is_none_or(|n| self.calls.count() < n)
            && self.expected.matches(request)
            && self.matchers.iter().all(|m| m.matches(request));
        if matched {
            self.calls.record(request);
        }
        matched
    }
}

/// The body a stub expects, as the client sends it.
enum ExpectedBody {
    Empty,
    Json(Value),
    /// Form pairs, sorted.
    Form(Vec<(String, String)>),
    Raw(Vec<u8>),
    /// Multipart boundaries differ on every call: the parts are not compared.
    Any,
}

/// Exactly the call the client makes for a request: method, path, query (in any
/// order), the operation's headers, the credentials (present when the request is sent
/// with them, absent otherwise) and the body.
struct ExpectedCall {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// The credential header and its value; `with_auth` says whether it must be there.
    credential_header: Option<(String, String)>,
    with_auth: bool,
    body: ExpectedBody,
}

impl ExpectedCall {
    fn new(server: &Server, request: &Request) -> ExpectedCall {
        let relative = request.path.trim_start_matches('/');
        let path = url::Url::parse(&format!("{}{relative}", server.client.base_url()))
            .map(|url| url.path().to_owned())
            .unwrap_or_else(|_| relative.to_owned());
        let mut query = request.query.clone();
        let mut credential_header = None;
        match Credentials::new(server.api.auth_scheme, &Token::new(TOKEN)) {
            Ok(Credentials::Header(name, value)) => {
                credential_header = Some((
                    name.as_str().to_owned(),
                    value.to_str().unwrap_or_default().to_owned(),
                ));
            }
            Ok(Credentials::Query(name)) if request.with_auth => {
                query.push((name.to_owned(), TOKEN.to_owned()));
            }
            _ => {}
        }
        query.sort();
        let body = match &request.body {
            Body::Empty => ExpectedBody::Empty,
            Body::Json(value) => ExpectedBody::Json(value.clone()),
            Body::Form(value) => {
                let encoded = form_encode(value).unwrap_or_default();
                ExpectedBody::Form(sorted_pairs(encoded.as_bytes()))
            }
            Body::Raw { bytes, .. } => ExpectedBody::Raw(bytes.clone()),
            Body::Multipart(_) => ExpectedBody::Any,
        };
        ExpectedCall {
            method: request.method.as_str().to_owned(),
            path,
            query,
            headers: request.headers.clone(),
            credential_header,
            with_auth: request.with_auth,
            body,
        }
    }
}

impl fmt::Display for ExpectedCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.query.is_empty() {
            let pairs: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            write!(f, "?{}", pairs.join("&"))?;
        }
        Ok(())
    }
}

impl Match for ExpectedCall {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        let credentials_ok = match &self.credential_header {
            Some((name, value)) if self.with_auth => header(name) == Some(value.as_str()),
            Some((name, _)) => header(name).is_none(),
            None => true,
        };
        let headers_ok = self
            .headers
            .iter()
            .all(|(name, value)| header(name) == Some(value.as_str()));
        let body_ok = match &self.body {
            ExpectedBody::Empty => request.body.is_empty(),
            ExpectedBody::Json(want) => {
                serde_json::from_slice::<Value>(&request.body).is_ok_and(|seen| seen == *want)
            }
            ExpectedBody::Form(want) => sorted_pairs(&request.body) == *want,
            ExpectedBody::Raw(want) => request.body == *want,
            ExpectedBody::Any => true,
        };
        request.method.as_str() == self.method
            && request.url.path() == self.path
            && sorted_pairs(request.url.query().unwrap_or_default().as_bytes()) == self.query
            && credentials_ok
            && headers_ok
            && body_ok
    }
}

fn sorted_pairs(encoded: &[u8]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(encoded)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Any call of one operation: its method, and its path with any value in each parameter.
#[derive(Clone)]
struct RouteMatch {
    method: &'static str,
    /// The API root's path, ending in `/`.
    base: String,
    path: &'static [Segment],
}

impl Match for RouteMatch {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let Some(rest) = request.url.path().strip_prefix(&self.base) else {
            return false;
        };
        let segments: Vec<&str> = rest.split('/').collect();
        request.method.as_str() == self.method
            && segments.len() == self.path.len()
            && segments
                .iter()
                .zip(self.path)
                .all(|(seen, want)| match want {
                    Segment::Literal(text) => seen == text,
                    Segment::Param => !seen.is_empty(),
                })
    }
}

fn same_request(a: &wiremock::Request, b: &wiremock::Request) -> bool {
    a.method == b.method && a.url == b.url && a.body == b.body
}

fn describe_received(request: &wiremock::Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
        None => format!("{} {}", request.method, request.url.path()),
    }
}
