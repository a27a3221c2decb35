//! Sending a collection request to a Dashboard: `{{baseUrl}}` becomes the given base URL,
//! `{{apiKey}}` the token as a bearer header. The token lives only in this module's
//! client and never reaches an answer, an error message or the collection.

use std::time::Duration;

use anyhow::{Context, Result};
use reqwest::blocking::Client;
use reqwest::header::CONTENT_TYPE;

use super::collection::{Answer, Body, RequestSpec, Sent};

/// Sends requests to one Dashboard with one token.
pub struct Sender {
    client: Client,
    base_url: String,
    token: String,
}

/// Child-site actions (sync, post edits) wait on the child; give them time.
const TIMEOUT: Duration = Duration::from_secs(120);

impl Sender {
    pub fn new(base_url: &str, token: String) -> Result<Sender> {
        let client = Client::builder()
            .timeout(TIMEOUT)
            .build()
            .context("building the HTTP client")?;
        Ok(Sender {
            client,
            base_url: base_url.trim_end_matches('/').to_string(),
            token,
        })
    }

    /// The URL of `request` with `sent`'s values, for messages (it never holds the token).
    pub fn url(&self, request: &RequestSpec, sent: &Sent) -> String {
        let path: Vec<String> = request
            .segments
            .iter()
            .map(|segment| match segment.strip_prefix(':') {
                Some(name) => sent
                    .path_values
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| encode_segment(v))
                    .unwrap_or_else(|| segment.clone()),
                None => segment.clone(),
            })
            .collect();
        format!("{}/{}", self.base_url, path.join("/"))
    }

    /// Sends one request; transport failures come back as errors naming the route (the
    /// underlying error is shown without its URL, which is ours anyway, and never
    /// holds the header).
    pub fn send(&self, request: &RequestSpec, sent: &Sent) -> Result<Answer> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .with_context(|| format!("{}: bad method {}", request.title, request.method))?;
        let mut builder = self
            .client
            .request(method, self.url(request, sent))
            .bearer_auth(&self.token);
        if !sent.query.is_empty() {
            builder = builder.query(&sent.query);
        }
        builder = match &sent.body {
            Some(Body::Json(value)) => builder.json(value),
            Some(Body::Form(fields)) => builder.form(fields),
            None => builder,
        };
        let response = builder
            .send()
            .map_err(|err| anyhow::anyhow!("{}", err.without_url()))
            .with_context(|| format!("{} {}: no answer", request.method, request.route()))?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.text().with_context(|| {
            format!("{} {}: reading the answer", request.method, request.route())
        })?;
        Ok(Answer {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            content_type,
            body,
        })
    }
}

/// A path segment value, percent-encoded where a URL path needs it.
fn encode_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
