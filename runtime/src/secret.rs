//! The API token type: a string that never prints itself.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::fmt;

/// Text that stands in for a secret wherever one would otherwise be printed.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// An API token (a bearer token, a key or a password).
///
/// `Debug` and `Display` print a redaction, never the token, so a `Token` can sit in
/// structs that are logged. Read the value with [`Token::expose_secret`].
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token; surrounding whitespace (a newline from a key file, say) is removed.
    pub fn new(token: impl Into<String>) -> Token {
        let token = token.into();
        let trimmed = token.trim();
        if trimmed.len() == token.len() {
            Token(token)
        } else {
            Token(trimmed.to_owned())
        }
    }

    /// The token itself. Do not log what this returns.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the token is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The forms the token may take in a body: as is, and with `/` escaped as `\/` the
    /// way PHP's `json_encode` writes it.
    fn forms(&self) -> impl Iterator<Item = String> + '_ {
        let escaped = self.0.contains('/').then(|| self.0.replace('/', "\\/"));
        std::iter::once(self.0.clone())
            .chain(escaped)
            .filter(|form| !form.is_empty())
    }

    /// Replaces every occurrence of the token in `text` by a redaction.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for form in self.forms() {
            if text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
        text
    }

    /// Whether `text` contains the token.
    pub(crate) fn occurs_in(&self, text: &str) -> bool {
        self.forms().any(|form| text.contains(form.as_str()))
    }

    /// Replaces every occurrence of the token in the strings (keys included) of a JSON value.
    pub(crate) fn redact_json(&self, value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        if self.0.is_empty() {
            return value;
        }
        match value {
            Value::String(s) if self.occurs_in(&s) => Value::String(self.redact(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.redact_json(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.redact(&k), self.redact_json(v)))
                    .collect(),
            ),
            other => other,
        }
    }
}

impl From<String> for Token {
    fn from(token: String) -> Token {
        Token::new(token)
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Token {
        Token::new(token)
    }
}

impl From<&String> for Token {
    fn from(token: &String) -> Token {
        Token::new(token.as_str())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({REDACTED})")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::Token;

    #[test]
    fn debug_and_display_hide_the_token() {
        let token = Token::new("  sekrit-123\n");
        assert_eq!(token.expose_secret(), "sekrit-123");
        assert!(!format!("{token:?}").contains("sekrit"));
        assert!(!format!("{token}").contains("sekrit"));
        assert!(!format!("{token:#?}").contains("sekrit"));
    }

    #[test]
    fn redacts_php_escaped_slashes() {
        let token = Token::new("ab/cd");
        assert_eq!(token.redact(r#"{"k":"ab\/cd"}"#), r#"{"k":"[REDACTED]"}"#);
        assert!(token.occurs_in(r"ab\/cd"));
    }

    #[test]
    fn redacts_strings_and_json() {
        let token = Token::new("abc123");
        assert_eq!(token.redact("Bearer abc123!"), "Bearer [REDACTED]!");
        let value = serde_json::json!({"k": ["x abc123 y", 1], "abc123": null});
        let redacted = token.redact_json(value).to_string();
        assert!(!redacted.contains("abc123"), "{redacted}");
    }
}
