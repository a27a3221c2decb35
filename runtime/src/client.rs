//! The client: configuration, sending requests with retries, and reading the answers.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue,
    PROXY_AUTHORIZATION, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;
use url::{Host, Url};

use super::auth::{AuthScheme, Credentials};
use super::error::{self, Error};
use super::request::Request;
use super::response::ResponseFuture;
use super::retry::{self, RetryPolicy};
use super::secret::Token;

/// The timeout of a request unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` sent unless configured otherwise: `<crate name>/<crate version>`.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// What a generated crate tells the runtime about its API, as values: the runtime
/// reads nothing else from the crate it is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiConfig {
    /// The name of the API (the collection's title), for messages.
    pub api_name: &'static str,
    /// The path of the API below the server's address (`/api/v2`), added to a base URL
    /// that leaves it out; empty when the API has none.
    pub api_root: &'static str,
    /// How the token is sent unless [`ClientBuilder::auth_scheme`] says otherwise.
    pub auth_scheme: AuthScheme,
    /// How a 2xx answer says the call failed, for APIs that do that; `None` when a 2xx
    /// status always means success.
    pub failure_flag: Option<FailureFlag>,
}

/// A member of a 2xx answer that says the call failed although the status says it
/// worked (`{"success": 0, "message": "..."}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureFlag {
    /// The member, failing when `false`, `0`, `"0"` or `"false"`.
    pub member: &'static str,
    /// Members that carry the reason; a false flag without any of them is not a
    /// failure (work that is merely unfinished says so too, without a reason).
    pub reason_members: &'static [&'static str],
}

/// A client of the REST API its crate was generated for.
///
/// Cheap to clone (the state is shared), and safe to use from many tasks at once: one
/// client with its connection pool serves a whole fleet.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    token: Token,
    credentials: Credentials,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    failure_flag: Option<FailureFlag>,
    /// Every request's headers, built once: `[without auth, with auth]`.
    fixed_headers: [HeaderMap; 2],
    /// The API's name, for the errors in which its server speaks.
    api_name: &'static str,
}

/// A request being sent, up to its answer: the same type whatever the answer decodes to.
pub(super) type Sending<'a> = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'a>>;

/// An answer as read off the wire.
pub(super) struct Answer {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl Client {
    /// The API root every request path is relative to, e.g.
    /// `https://api.example.com/v2/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The timeout of each attempt of a request.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends `request` and decodes the answer as `T`, once the returned future is
    /// awaited.
    ///
    /// A 2xx answer is decoded from its JSON body (an empty body decodes from `null`),
    /// after checking it is not a failure the API's [`FailureFlag`] reports (giving
    /// [`Error::Rejected`]). Any other status gives [`Error::Api`] for an error body
    /// with a `code` and a `message`, and [`Error::UnexpectedBody`] otherwise. Failed attempts are retried as the
    /// [`RetryPolicy`] says.
    ///
    /// This is the low-level escape hatch beside the generated operations, whose `send`
    /// returns the same [`ResponseFuture`]; use it with `serde_json::Value` as `T` for
    /// routes the generated code does not know.
    pub fn execute<T: DeserializeOwned>(&self, request: Request) -> ResponseFuture<'_, T> {
        ResponseFuture::new(self, Ok(request))
    }

    /// What [`execute`](Client::execute) makes of an answer, for answers got another
    /// way (recorded, cached, or fetched with another HTTP client): a 2xx `body` decoded
    /// as `T`, else the error its status and body mean. No request is sent.
    pub fn decode_answer<T: DeserializeOwned>(
        &self,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<T, Error> {
        if !(200..300).contains(&status) {
            return Err(error::from_status(
                self.inner.api_name,
                status,
                content_type,
                body,
                &self.inner.token,
            ));
        }
        self.decode(status, content_type, body)
    }

    /// Sends `request` like [`execute`](Client::execute) and returns a 2xx answer's body
    /// as text, for operations that do not answer JSON.
    pub async fn execute_text(&self, request: Request) -> Result<String, Error> {
        let answer = self.send(&request).await?;
        String::from_utf8(answer.body.to_vec()).map_err(|_| {
            error::unexpected(
                answer.status,
                answer.content_type.as_deref(),
                &answer.body,
                &self.inner.token,
            )
        })
    }

    /// Sends `request`, retrying as the policy allows, until a 2xx answer or a final
    /// error.
    async fn send(&self, request: &Request) -> Result<Answer, Error> {
        let inner = &*self.inner;
        let mut url = inner.url_for(&request.path, &request.query)?;
        if let (true, Credentials::Query(name)) = (request.with_auth, &inner.credentials) {
            url.query_pairs_mut()
                .append_pair(name, inner.token.expose_secret());
        }
        let headers = inner.headers_for(&request.headers, request.with_auth)?;
        let headers = headers.as_ref();
        let timeout = request.timeout.unwrap_or(inner.timeout);
        let attempts = if inner.retry.allows(&request.method, request.idempotent) {
            inner.retry.attempts()
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            let (error, retry_after) = match self.send_once(request, &url, headers, timeout).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                Ok(answer) => (
                    error::from_status(
                        inner.api_name,
                        answer.status,
                        answer.content_type.as_deref(),
                        &answer.body,
                        &inner.token,
                    ),
                    answer.retry_after,
                ),
                Err(error) => (error, None),
            };
            if attempt >= attempts || !error.is_retryable() {
                return Err(error);
            }
            let wait = match retry_after {
                Some(asked) => match inner.retry.retry_after(asked) {
                    Some(wait) => wait,
                    None => return Err(error),
                },
                None => inner.retry.backoff(attempt),
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Sends one attempt and reads the whole answer.
    async fn send_once(
        &self,
        request: &Request,
        url: &Url,
        headers: &HeaderMap,
        timeout: Duration,
    ) -> Result<Answer, Error> {
        let inner = &*self.inner;
        let builder = inner
            .http
            .request(request.method.clone(), url.clone())
            .headers(headers.clone())
            .timeout(timeout);
        let builder = request
            .body
            .apply(builder, headers.contains_key(CONTENT_TYPE))?;
        let response = builder
            .send()
            .await
            .map_err(|e| error::transport(e, &inner.token))?;
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let retry_after =
            header(RETRY_AFTER).and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
        let body = response
            .bytes()
            .await
            .map_err(|e| error::transport(e, &inner.token))?;
        Ok(Answer {
            status,
            content_type,
            retry_after,
            body: body.into(),
        })
    }

    /// Decodes a 2xx answer.
    fn decode<T: DeserializeOwned>(
        &self,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<T, Error> {
        let token = &self.inner.token;
        let body = error::trim_body(body);
        if let Some(flag) = &self.inner.failure_flag
            && let Some(rejected) = error::rejected(flag, self.inner.api_name, status, body, token)
        {
            return Err(rejected);
        }
        // A plain decode: tracking the JSON path of every value on the way (what the
        // error needs) would cost 30-75% more on every answer, and only failures use it.
        // From text checked once: serde_json then skips checking every string it reads
        // (from bytes it checks each one), which is most of an answer of strings.
        let decoded = match std::str::from_utf8(body) {
            Ok("") => T::deserialize(serde_json::Value::Null),
            Ok(text) => serde_json::from_str(text),
            // Not text: say where, as a plain decode would (not generic over `T`).
            Err(_) => match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
                Err(error) => Err(error),
                Ok(_) => Err(serde::de::Error::custom("the answer is not UTF-8 text")),
            },
        };
        decoded.map_err(|plain| decode_failure::<T>(status, content_type, body, plain, token))
    }
}

// Free functions rather than methods: every name in `impl Client` is one a root
// operation of a generated crate cannot take.

/// Starts sending `request`: the part of [`Client::execute`] that is the same for every
/// answer type, boxed so that it is compiled once.
pub(super) fn start(client: &Client, request: Request) -> Sending<'_> {
    Box::pin(async move { client.send(&request).await })
}

/// Decodes an answer that [`start`] got.
pub(super) fn decode_arrived<T: DeserializeOwned>(
    client: &Client,
    answer: &Answer,
) -> Result<T, Error> {
    client.decode(answer.status, answer.content_type.as_deref(), &answer.body)
}

/// The error for a 2xx `body` that does not decode as `T` (`plain` is what the plain
/// decode said): decodes again, tracking the path, to say where it failed; a body that
/// is not JSON at all and not declared JSON is [`Error::UnexpectedBody`].
fn decode_failure<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    plain: serde_json::Error,
    token: &Token,
) -> Error {
    if body.is_empty() {
        return match serde_path_to_error::deserialize::<_, T>(serde_json::Value::Null) {
            Ok(_) => error::decode(status, ".".to_owned(), plain, body, token),
            Err(e) => error::decode(status, e.path().to_string(), e.into_inner(), body, token),
        };
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        // Decoded this time: what failed is what follows the value.
        Ok(_) => {
            let source = de.end().err().unwrap_or(plain);
            return error::decode(status, ".".to_owned(), source, body, token);
        }
        Err(e) => (e.path().to_string(), e.into_inner()),
    };
    let syntax = matches!(
        source.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let json_type = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("json"));
    let json_start = matches!(body.first(), Some(b'{' | b'['));
    if syntax && !json_type && !json_start {
        error::unexpected(status, content_type, body, token)
    } else {
        error::decode(status, path, source, body, token)
    }
}

impl Inner {
    /// The URL of a request: the API root, the path, then the query in order.
    fn url_for(&self, path: &str, query: &[(String, String)]) -> Result<Url, Error> {
        let relative = path.trim_start_matches('/');
        let shown = || self.token.redact(relative);
        let mut url = Url::parse(&format!("{}{relative}", self.base))
            .map_err(|e| Error::Config(format!("invalid request path `{}`: {e}", shown())))?;
        // `..`, encoded or not, can climb out of the API root. The serialized URL starts
        // with the root's exactly when scheme, host, port and path prefix all match, and
        // comparing it builds nothing (`Url::origin` allocates on every request).
        if !url.as_str().starts_with(self.base.as_str()) {
            return Err(Error::Config(format!(
                "request path `{}` leads outside the API root",
                shown()
            )));
        }
        url.set_fragment(None);
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// The headers of a request: the client's, built once, then the request's own (most
    /// requests have none, and then nothing is built).
    fn headers_for(
        &self,
        extra: &[(String, String)],
        with_auth: bool,
    ) -> Result<Cow<'_, HeaderMap>, Error> {
        let fixed = &self.fixed_headers[usize::from(with_auth)];
        if extra.is_empty() {
            return Ok(Cow::Borrowed(fixed));
        }
        // A request's header replaces the client's of the same name.
        let mut map = fixed.clone();
        let mut seen = Vec::new();
        for (name, value) in extra {
            let (name, value) = header(name, value, &self.token)?;
            insert_header(&mut map, &mut seen, name, value);
        }
        Ok(Cow::Owned(map))
    }
}

/// The headers every request of a client sends, with or without its auth header: the
/// defaults, then the client-wide headers (which replace a default of the same name and
/// add to each other). Checked here, so that a bad header fails `build`, not every call.
fn fixed_headers(
    user_agent: &HeaderValue,
    credentials: &Credentials,
    headers: &[(String, String)],
    token: &Token,
) -> Result<[HeaderMap; 2], Error> {
    let mut both = [HeaderMap::new(), HeaderMap::new()];
    for (with_auth, map) in both.iter_mut().enumerate() {
        let mut names = Vec::new();
        map.insert(ACCEPT, HeaderValue::from_static("application/json"));
        map.insert(USER_AGENT, user_agent.clone());
        if let (1, Credentials::Header(name, value)) = (with_auth, credentials) {
            map.insert(name.clone(), value.clone());
        }
        for (name, value) in headers {
            let (name, value) = header(name, value, token)?;
            insert_header(map, &mut names, name, value);
        }
    }
    Ok(both)
}

/// A header given as text, checked; credentials-like values are marked sensitive so that
/// they are never shown.
fn header(name: &str, value: &str, token: &Token) -> Result<(HeaderName, HeaderValue), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("invalid header name `{}`", token.redact(name))))?;
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::Config(format!("invalid value for header `{name}`")))?;
    if name == AUTHORIZATION || name == PROXY_AUTHORIZATION || name == COOKIE {
        value.set_sensitive(true);
    }
    Ok((name, value))
}

/// The first header of a name among `seen` replaces what the map has under it; the next
/// ones of that name are added beside it.
fn insert_header(
    map: &mut HeaderMap,
    seen: &mut Vec<HeaderName>,
    name: HeaderName,
    value: HeaderValue,
) {
    if seen.contains(&name) {
        map.append(name, value);
    } else {
        map.insert(name.clone(), value);
        seen.push(name);
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("token", &self.inner.token)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`].
///
/// ```ignore
/// let client = Client::builder()
///     .base_url("https://dashboard.example.com")
///     .token(std::env::var("MAINWP_TOKEN")?)
///     .timeout(Duration::from_secs(60))
///     .max_attempts(5)
///     .build()?;
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api: ApiConfig,
    base_url: Option<String>,
    token: Option<Token>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
    retry: RetryPolicy,
    auth_scheme: Option<AuthScheme>,
    headers: Vec<(String, String)>,
}

impl ClientBuilder {
    /// A builder with the default settings for the API `api` describes. Each generated
    /// crate's `Client::builder()` calls this with the crate's own configuration.
    pub fn new(api: ApiConfig) -> ClientBuilder {
        ClientBuilder {
            api,
            base_url: None,
            token: None,
            timeout: None,
            user_agent: None,
            http_client: None,
            allow_insecure_http: false,
            retry: RetryPolicy::default(),
            auth_scheme: None,
            headers: Vec::new(),
        }
    }

    /// The server's address: `https://host[/subdir]`, optionally followed by the API
    /// root ([`ApiConfig::api_root`]) or its start, with or without a trailing slash;
    /// `https://` is assumed when no scheme is given. Required.
    pub fn base_url(mut self, base_url: impl Into<String>) -> ClientBuilder {
        self.base_url = Some(base_url.into());
        self
    }

    /// The API token, sent as [`ApiConfig::auth_scheme`] says. Required unless the API
    /// takes no credentials.
    pub fn token(mut self, token: impl Into<Token>) -> ClientBuilder {
        self.token = Some(token.into());
        self
    }

    /// The timeout of each attempt of a request, from sending to the end of the body.
    /// Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header. Default [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> ClientBuilder {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through this `reqwest::Client` (for proxies, custom TLS roots, a shared
    /// connection pool). The timeout, user agent and token are still applied to every
    /// request.
    pub fn http_client(mut self, http_client: reqwest::Client) -> ClientBuilder {
        self.http_client = Some(http_client);
        self
    }

    /// Allows plain `http://` to hosts other than loopback ones. Off by default: the
    /// token would cross the network in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> ClientBuilder {
        self.allow_insecure_http = allow;
        self
    }

    /// How many times a request is sent at most (see [`RetryPolicy::max_attempts`]).
    pub fn max_attempts(mut self, max_attempts: u32) -> ClientBuilder {
        self.retry.max_attempts = max_attempts;
        self
    }

    /// Whether POST and PATCH requests are retried too (see
    /// [`RetryPolicy::retry_non_idempotent`]).
    pub fn retry_non_idempotent(mut self, retry: bool) -> ClientBuilder {
        self.retry.retry_non_idempotent = retry;
        self
    }

    /// The wait before the first retry (see [`RetryPolicy::base_delay`]).
    pub fn retry_base_delay(mut self, base_delay: Duration) -> ClientBuilder {
        self.retry.base_delay = base_delay;
        self
    }

    /// The longest computed wait between retries (see [`RetryPolicy::max_delay`]).
    pub fn retry_max_delay(mut self, max_delay: Duration) -> ClientBuilder {
        self.retry.max_delay = max_delay;
        self
    }

    /// The longest `Retry-After` obeyed (see [`RetryPolicy::max_retry_after`]).
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> ClientBuilder {
        self.retry.max_retry_after = max_retry_after;
        self
    }

    /// How the token is sent (default: the scheme of the collection, [`ApiConfig::auth_scheme`]).
    pub fn auth_scheme(mut self, scheme: AuthScheme) -> ClientBuilder {
        self.auth_scheme = Some(scheme);
        self
    }

    /// A header sent with every request, for settings an API takes in a header (a
    /// tenant, an account, a locale). A header an operation sets itself replaces it. An
    /// invalid name or value makes [`build`](ClientBuilder::build) fail.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ClientBuilder {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the whole retry policy.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> ClientBuilder {
        self.retry = retry;
        self
    }

    /// Checks the configuration and builds the client. Fails with [`Error::Config`] on a
    /// missing or malformed base URL or token, plain HTTP to a non-loopback host without
    /// [`allow_insecure_http`](ClientBuilder::allow_insecure_http), a zero timeout or an
    /// invalid user agent.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .ok_or_else(|| Error::Config("no base URL was given".to_owned()))?;
        let base = normalise_base_url(&base_url, self.api.api_root, self.allow_insecure_http)?;
        let scheme = self.auth_scheme.unwrap_or(self.api.auth_scheme);
        let token = match (self.token, scheme) {
            (Some(token), _) => token,
            (None, AuthScheme::None) => Token::new(""),
            (None, _) => return Err(Error::Config("no API token was given".to_owned())),
        };
        let credentials = Credentials::new(scheme, &token)?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::Config("the user agent is not a valid header value".to_owned()))?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::Config(
                "the timeout must be greater than zero".to_owned(),
            ));
        }
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };
        let fixed_headers = fixed_headers(&user_agent, &credentials, &self.headers, &token)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                token,
                credentials,
                user_agent,
                timeout,
                retry: self.retry,
                failure_flag: self.api.failure_flag,
                api_name: self.api.api_name,
                fixed_headers,
            }),
        })
    }
}

/// Turns what the user gave into `<origin>[/subdir]<api_root>/`: the API root (the
/// generated crate's `API_ROOT`, e.g. `/wp-json/mainwp/v2`) is added where the
/// caller gave only the site, or only the start of the root.
fn normalise_base_url(
    input: &str,
    api_root: &str,
    allow_insecure_http: bool,
) -> Result<Url, Error> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Error::Config("the base URL is empty".to_owned()));
    }
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("the base URL is not a valid URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not contain a user name or password".to_owned(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "refusing plain http:// to `{}`: the token would travel unencrypted; use \
                 https:// or allow_insecure_http(true)",
                url.host_str().unwrap_or_default()
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "the base URL must use https:// (or http://), not `{other}`"
            )));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config("the base URL has no host".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the base URL must not have a query or a fragment".to_owned(),
        ));
    }
    let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
    let root: Vec<&str> = api_root.split('/').filter(|s| !s.is_empty()).collect();
    // Where the root starts in what was given, everything after must be a start of it.
    let site_segments = match root
        .first()
        .and_then(|first| segments.iter().position(|s| s.eq_ignore_ascii_case(first)))
    {
        None => segments.as_slice(),
        Some(index) => {
            let (site, rest) = segments.split_at(index);
            let is_start_of_root = rest.len() <= root.len()
                && rest
                    .iter()
                    .zip(&root)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !is_start_of_root {
                return Err(Error::Config(format!(
                    "the base URL's path after /{} must be empty or lead to {}",
                    root[0],
                    root.join("/")
                )));
            }
            site
        }
    };
    let mut path = String::from("/");
    for segment in site_segments {
        path.push_str(segment);
        path.push('/');
    }
    for segment in &root {
        path.push_str(segment);
        path.push('/');
    }
    url.set_path(&path);
    Ok(url)
}

/// Whether the URL's host is a loopback address or `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(input: &str) -> Result<String, String> {
        normalise_base_url(input, "/wp-json/mainwp/v2", false)
            .map(String::from)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn normalises_base_urls() {
        let root = "https://dash.example.com/wp-json/mainwp/v2/";
        for input in [
            "https://dash.example.com",
            "https://dash.example.com/",
            "https://dash.example.com/wp-json",
            "https://dash.example.com/wp-json/",
            "https://dash.example.com/wp-json/mainwp",
            "https://dash.example.com/wp-json/mainwp/v2",
            "https://dash.example.com/wp-json/mainwp/v2/",
            " https://DASH.example.com//wp-json/MainWP/v2// ",
            "dash.example.com",
        ] {
            assert_eq!(norm(input).as_deref(), Ok(root), "{input}");
        }
        assert_eq!(
            norm("https://example.com/sub/dir/wp-json/").as_deref(),
            Ok("https://example.com/sub/dir/wp-json/mainwp/v2/")
        );
        assert_eq!(
            norm("http://127.0.0.1:8080").as_deref(),
            Ok("http://127.0.0.1:8080/wp-json/mainwp/v2/")
        );
        assert!(norm("http://localhost/x").is_ok());
        assert!(norm("http://[::1]:9/").is_ok());
        assert!(norm("http://127.5.6.7/").is_ok());
    }

    #[test]
    fn rejects_bad_base_urls() {
        for input in [
            "",
            "http://dash.example.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://dash.example.com",
            "https://user:pass@dash.example.com",
            "https://dash.example.com/?rest_route=/",
            "https://dash.example.com/wp-json/mainwp/v1",
            "https://dash.example.com/wp-json/wp/v2",
            "https://",
        ] {
            assert!(norm(input).is_err(), "{input}");
        }
        assert!(normalise_base_url("http://dash.example.com", "/wp-json/mainwp/v2", true).is_ok());
    }

    #[test]
    fn joins_paths_and_queries_in_order() -> Result<(), Error> {
        let client = ClientBuilder::new(ApiConfig {
            api_name: "Example",
            api_root: "/wp-json/mainwp/v2",
            auth_scheme: AuthScheme::Bearer,
            failure_flag: None,
        })
        .base_url("https://dash.example.com/sub")
        .token("tok")
        .build()?;
        let url = client.inner.url_for(
            "/sites/12/plugins",
            &[
                ("b".into(), "2".into()),
                ("a".into(), "x y".into()),
                ("b".into(), "1".into()),
            ],
        )?;
        assert_eq!(
            url.as_str(),
            "https://dash.example.com/sub/wp-json/mainwp/v2/sites/12/plugins?b=2&a=x+y&b=1"
        );
        assert!(client.inner.url_for("../../wp/v2/users", &[]).is_err());
        assert!(client.inner.url_for("%2e%2e/%2e%2e/x", &[]).is_err());
        assert!(client.inner.url_for("a\\..\\..\\..\\x", &[]).is_err());
        assert!(
            client
                .inner
                .url_for("//evil.example/x", &[])
                .is_ok_and(|u| u.host_str() == Some("dash.example.com"))
        );
        Ok(())
    }
}
