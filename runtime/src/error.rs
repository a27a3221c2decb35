//! The one error type of the client, and how answers of the server become errors.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use serde_json::Value;

use super::client::FailureFlag;
use super::scan::top_level_member;
use super::secret::Token;

/// How many bytes of a response body an error keeps.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// Everything that can go wrong when calling the API.
///
/// No variant ever contains the API token: bodies, messages and URLs are scrubbed of it
/// before they are stored here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error object (`{"code": "...", "message": "...",
    /// "data": ...}`, as WordPress and many other APIs send) and a non-2xx status.
    #[error("{api} error (HTTP {status}, {code}): {message}")]
    Api {
        /// The API that answered (its collection's name), so that a program talking to
        /// several APIs can tell their errors apart.
        api: &'static str,
        /// HTTP status of the answer.
        status: u16,
        /// The machine-readable error code, e.g. `rest_invalid_param`.
        code: String,
        /// The human-readable message, exactly as sent (HTML entities are not decoded).
        message: String,
        /// The `data` member as sent: `{"status": N}`, `null`, a bare number, or an object
        /// with `params`; `null` when absent. Boxed, so that `Error` stays small enough
        /// to return by value (clippy's `result_large_err`) with the API's name beside it.
        data: Box<Value>,
    },
    /// The server answered 2xx, but the body is an object whose failure flag (the
    /// API's [`FailureFlag`](super::client::FailureFlag), e.g. `success`) is `0`,
    /// `false` or `"0"`: how some APIs report a failure.
    #[error("{api} rejected the request (HTTP {status}): {message}")]
    Rejected {
        /// The API that answered (its collection's name).
        api: &'static str,
        /// HTTP status of the answer (2xx).
        status: u16,
        /// The `message` or `error` member of the body.
        message: String,
        /// The whole body.
        body: Value,
    },
    /// The body is not what a REST API answers: not JSON at all (an HTML error page, a
    /// PHP notice), or an error status with JSON that is not an error object.
    #[error("unexpected response (HTTP {status}, content type {}): {snippet}", .content_type.as_deref().unwrap_or("none"))]
    UnexpectedBody {
        /// HTTP status of the answer.
        status: u16,
        /// The `Content-Type` header, when there was one.
        content_type: Option<String>,
        /// The start of the body (at most 512 bytes, cut on a character boundary).
        snippet: String,
    },
    /// The body is JSON (or meant to be) but does not match the expected type.
    #[error("could not decode the response (HTTP {status}) at `{path}`: {source}")]
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// JSON path of the value that failed, e.g. `data[3].id` (`.` for the root).
        path: String,
        /// The start of the body (at most 512 bytes, cut on a character boundary).
        snippet: String,
        /// What serde reported.
        #[source]
        source: serde_json::Error,
    },
    /// No answer arrived within the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The request could not be sent or the answer could not be read (DNS, TLS,
    /// connection refused or reset, ...).
    #[error("HTTP transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The client or the request is misconfigured (bad base URL, plain HTTP to a remote
    /// host, invalid header, ...).
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the answer behind this error, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Rejected { status, .. }
            | Error::UnexpectedBody { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Timeout | Error::Config(_) => None,
        }
    }

    /// The server's error code (`Api` errors only).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The server's message (`Api` and `Rejected` errors only).
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } | Error::Rejected { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: timeouts, connection failures and the
    /// statuses 429, 502, 503 and 504. The client retries these by itself for idempotent
    /// requests; see [`RetryPolicy`](super::RetryPolicy).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout => true,
            // Connection refused or reset, and answers cut off mid-body.
            Error::Transport(e) => {
                e.is_connect() || e.is_timeout() || e.is_request() || e.is_body() || e.is_decode()
            }
            Error::Api { status, .. } | Error::UnexpectedBody { status, .. } => {
                is_retryable_status(*status)
            }
            Error::Rejected { .. } | Error::Decode { .. } | Error::Config(_) => false,
        }
    }
}

/// The statuses worth retrying: rate limited, bad gateway, unavailable, gateway timeout.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Turns a reqwest error into an [`Error`], without any URL credentials or token.
pub(crate) fn transport(e: reqwest::Error, token: &Token) -> Error {
    if e.is_timeout() {
        return Error::Timeout;
    }
    let leaks = e.url().is_some_and(|u| {
        token.occurs_in(u.as_str()) || u.password().is_some() || !u.username().is_empty()
    });
    Error::Transport(if leaks { e.without_url() } else { e })
}

/// The body without a UTF-8 byte order mark and surrounding whitespace.
pub(crate) fn trim_body(body: &[u8]) -> &[u8] {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let end = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    body.get(start..end.max(start)).unwrap_or_default()
}

/// The start of a body, scrubbed of the token, cut to [`SNIPPET_LIMIT`] bytes on a
/// character boundary.
pub(crate) fn snippet(body: &[u8], token: &Token) -> String {
    // Look at a little more than the limit so a token straddling the cut is still found.
    let window = SNIPPET_LIMIT + token.expose_secret().len() + 4;
    let head = body.get(..window.min(body.len())).unwrap_or(body);
    let text = token.redact(&String::from_utf8_lossy(head));
    truncate(text, SNIPPET_LIMIT, body.len() > window)
}

fn truncate(mut text: String, limit: usize, cut_already: bool) -> String {
    let mut cut = cut_already;
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        cut = true;
    }
    if cut {
        text.push('…');
    }
    text
}

/// A `Decode` error with the token removed from serde's message.
pub(crate) fn decode(
    status: u16,
    path: String,
    source: serde_json::Error,
    body: &[u8],
    token: &Token,
) -> Error {
    let message = source.to_string();
    let source = if token.occurs_in(&message) {
        <serde_json::Error as serde::de::Error>::custom(token.redact(&message))
    } else {
        source
    };
    Error::Decode {
        status,
        path: token.redact(&path),
        snippet: snippet(body, token),
        source,
    }
}

/// Decodes an answer that is already parsed into `T`; a mismatch is [`Error::Decode`]
/// with the JSON path that failed. Tools that check answers against the typed responses
/// (the generated crate's `catalog`) use this after [`Client::execute`](crate::Client::execute)
/// into `serde_json::Value`.
pub fn decode_value<T: serde::de::DeserializeOwned>(status: u16, value: Value) -> Result<T, Error> {
    let text = value.to_string();
    serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        status,
        path: e.path().to_string(),
        snippet: truncate(text.clone(), SNIPPET_LIMIT, false),
        source: e.into_inner(),
    })
}

/// The text of a `message`/`error` member: a string, an object with `message`, a list of
/// those, or a scalar.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(map) => map
            .get("message")
            .or_else(|| map.get("error"))
            .and_then(text_of),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_of).collect();
            if parts.is_empty() {
                None
            } else {
                Some(parts.join("; "))
            }
        }
        Value::Null => None,
    }
}

/// Whether a failure flag's value says the request failed.
fn is_failure_flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => matches!(s.trim(), "0" | "false"),
        _ => false,
    }
}

/// `Error::Rejected` when a 2xx body (trimmed) is an object whose `flag` member says
/// it failed.
pub(crate) fn rejected(
    flag: &FailureFlag,
    api: &'static str,
    status: u16,
    body: &[u8],
    token: &Token,
) -> Option<Error> {
    // Nearly every answer says it succeeded: read the flag alone first, and parse the
    // whole body only when it says the call failed.
    let raw_flag = top_level_member(body, flag.member)?;
    if !serde_json::from_slice::<Value>(raw_flag).is_ok_and(|v| is_failure_flag(&v)) {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    if !value.get(flag.member).is_some_and(is_failure_flag) {
        return None;
    }
    // A job status that is merely unfinished says `success: false` too, but carries no
    // reason: only a false flag beside a reason member is a failure.
    if flag.reason_members.iter().all(|m| value.get(m).is_none()) {
        return None;
    }
    let message = flag
        .reason_members
        .iter()
        .filter_map(|key| value.get(key).and_then(text_of))
        .find(|m| !m.trim().is_empty())
        .unwrap_or_else(|| "the server reported a failure without a message".to_owned());
    Some(Error::Rejected {
        api,
        status,
        message: token.redact(&message),
        body: token.redact_json(value),
    })
}

/// The error for a non-2xx answer: `Api` for an object with a `code` and a `message`,
/// else `UnexpectedBody`.
pub(crate) fn from_status(
    api: &'static str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    token: &Token,
) -> Error {
    let trimmed = trim_body(body);
    if let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(trimmed) {
        let code = match map.get("code") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        if let (Some(code), true) = (code, map.contains_key("message")) {
            let message = map.get("message").and_then(text_of).unwrap_or_default();
            let data = map.remove("data").unwrap_or(Value::Null);
            return Error::Api {
                api,
                status,
                code: token.redact(&code),
                message: token.redact(&message),
                data: Box::new(token.redact_json(data)),
            };
        }
    }
    unexpected(status, content_type, body, token)
}

/// `Error::UnexpectedBody` for this answer.
pub(crate) fn unexpected(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    token: &Token,
) -> Error {
    Error::UnexpectedBody {
        status,
        content_type: content_type.map(|c| token.redact(c)),
        snippet: snippet(body, token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_cuts_on_a_char_boundary() {
        let token = Token::new("t0k3n");
        let body = "é".repeat(400);
        let s = snippet(body.as_bytes(), &token);
        assert!(s.len() <= SNIPPET_LIMIT + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert!(s.trim_end_matches('…').chars().all(|c| c == 'é'));
    }

    #[test]
    fn snippet_redacts_a_token_across_the_cut() {
        let token = Token::new("secret-token-value");
        let mut body = "x".repeat(SNIPPET_LIMIT - 5);
        body.push_str("secret-token-value and more");
        let s = snippet(body.as_bytes(), &token);
        assert!(!s.contains("secret"), "{s}");
    }

    #[test]
    fn trims_bom_and_whitespace() {
        assert_eq!(trim_body(b"\xEF\xBB\xBF  {}\n"), b"{}");
        assert_eq!(trim_body(b"   "), b"");
        assert_eq!(trim_body(b""), b"");
    }

    #[test]
    fn wordpress_error_with_bare_number_data() {
        let token = Token::new("tok");
        let body = br#"{"code":"rest_invalid_plugins_slugs","message":"Plugins slug is empty or invalid.","data":400}"#;
        match from_status("Example API", 500, Some("application/json"), body, &token) {
            Error::Api {
                api,
                status,
                code,
                message,
                data,
            } => {
                assert_eq!(api, "Example API");
                assert_eq!(status, 500);
                assert_eq!(code, "rest_invalid_plugins_slugs");
                assert_eq!(message, "Plugins slug is empty or invalid.");
                assert_eq!(*data, serde_json::json!(400));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn rejected_reads_error_objects_and_strings() {
        let token = Token::new("tok");
        let flag = FailureFlag {
            member: "success",
            reason_members: &["message", "error"],
        };
        let e = rejected(
            &flag,
            "Example API",
            200,
            br#"{"success":"0","error":{"message":"Nope"}}"#,
            &token,
        );
        assert!(matches!(e, Some(Error::Rejected { ref message, .. }) if message == "Nope"));
        let e = rejected(
            &flag,
            "Example API",
            200,
            br#"{"success":false,"message":"","error":"Err"}"#,
            &token,
        );
        assert!(matches!(e, Some(Error::Rejected { ref message, .. }) if message == "Err"));
        assert!(
            rejected(
                &flag,
                "Example API",
                200,
                br#"{"success":1,"message":"ok"}"#,
                &token
            )
            .is_none()
        );
        assert!(rejected(&flag, "Example API", 200, br#"{"total":0}"#, &token).is_none());
        assert!(rejected(&flag, "Example API", 200, br#"{"success":false}"#, &token).is_none());
    }
}
