//! Secrets that must never reach the report: the token of the check, and the keys that
//! `POST rest-api/add-key` answers with while the write sequence for keys runs.

use serde_json::Value;

/// What replaces a secret in the report.
pub const REDACTED: &str = "[REDACTED]";

/// The secrets of one run.
#[derive(Default)]
pub struct Secrets {
    values: Vec<String>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} redacted)", self.values.len())
    }
}

impl Secrets {
    /// Remembers a secret (empty strings are ignored).
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if !secret.is_empty() && !self.values.iter().any(|v| v == secret) {
            self.values.push(secret.to_owned());
        }
    }

    /// Remembers every string value of the members called `token`, `key` or
    /// `consumer_secret` in an answer: what the server hands out when a key is created.
    pub fn add_from_answer(&mut self, answer: &Value) {
        match answer {
            Value::Object(map) => {
                for (name, value) in map {
                    match value {
                        Value::String(s)
                            if matches!(
                                name.as_str(),
                                "token" | "key" | "consumer_key" | "consumer_secret"
                            ) =>
                        {
                            self.add(s)
                        }
                        other => self.add_from_answer(other),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.add_from_answer(v)),
            _ => {}
        }
    }

    /// `text` with every secret replaced, also in the `\/`-escaped form PHP's
    /// `json_encode` writes.
    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.values {
            text = text.replace(secret.as_str(), REDACTED);
            if secret.contains('/') {
                text = text.replace(&secret.replace('/', "\\/"), REDACTED);
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scrubs_plain_and_escaped_forms() {
        let mut secrets = Secrets::default();
        secrets.add("ab/cd");
        assert_eq!(
            secrets.scrub("x ab/cd y ab\\/cd"),
            "x [REDACTED] y [REDACTED]"
        );
    }

    #[test]
    fn learns_tokens_from_answers() {
        let mut secrets = Secrets::default();
        secrets.add_from_answer(&json!({"success": 1, "token": "s3cr3t==k3y"}));
        assert_eq!(secrets.scrub("got s3cr3t==k3y"), "got [REDACTED]");
        assert!(!format!("{secrets:?}").contains("s3cr3t"));
    }
}
