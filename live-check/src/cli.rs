//! The command line: `live-check --base-url URL --token-env VAR [--write] [--json PATH]
//! [--expected FILE] [--allow-insecure-http] [--include-child-sites]`.
//!
//! The token is read from the environment variable named by `--token-env`, never from
//! the command line, where it would end up in shell histories and process listings.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::Parser;

use crate::Config;

/// Checks the generated MainWP client against a real Dashboard: calls every GET
/// operation (and with --write, undoable create/edit/delete sequences) and reports
/// whether each answer decodes into the generated types.
#[derive(Debug, Parser)]
#[command(name = "live-check")]
pub struct Args {
    /// The Dashboard's address, such as `https://dashboard.example.com`.
    #[arg(
        long,
        value_name = "URL",
        help = "The Dashboard's address, e.g. https://dashboard.example.com (/wp-json/mainwp/v2 is added when missing)"
    )]
    pub base_url: String,
    /// The environment variable holding the API key (a bearer token).
    #[arg(long, value_name = "VAR")]
    pub token_env: String,
    /// Also run the write sequences (needs a key with Read + Write + Delete: the sequences
    /// read as well): creates, edits and removes a tag, an API key, a client, a cost, a
    /// client field, a product type and a payment method, all named "live-check ...".
    #[arg(long)]
    pub write: bool,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Judge the run by this list of expected failures (TOML, e.g.
    /// live-check/expected-failures.toml): every failure must be listed, and a listed
    /// operation that answers ok fails the run.
    #[arg(long, value_name = "FILE")]
    pub expected: Option<PathBuf>,
    /// Allow plain http:// to a host other than this machine (the key travels in clear).
    #[arg(long)]
    pub allow_insecure_http: bool,
    /// With --write, also sync one child site (nothing destructive is ever sent to child sites).
    #[arg(long)]
    pub include_child_sites: bool,
}

/// Why the command line cannot run.
#[derive(Debug, PartialEq, Eq)]
pub enum CliError {
    /// The variable named by `--token-env` is not set.
    TokenUnset(String),
    /// It is set but empty (or only whitespace).
    TokenEmpty(String),
    /// It is not valid Unicode.
    TokenNotUnicode(String),
    /// The file given with `--expected` cannot be used (the message names every problem).
    Expectations(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::TokenUnset(var) => write!(
                f,
                "the environment variable {var} (named by --token-env) is not set; \
                 put the API key in it, e.g. `{var}=... live-check --token-env {var} ...`"
            ),
            CliError::TokenEmpty(var) => write!(
                f,
                "the environment variable {var} (named by --token-env) is empty"
            ),
            CliError::TokenNotUnicode(var) => write!(
                f,
                "the environment variable {var} (named by --token-env) is not valid UTF-8"
            ),
            CliError::Expectations(message) => write!(f, "--expected: {message}"),
        }
    }
}

impl std::error::Error for CliError {}

impl Args {
    /// The run's configuration, with the token read through `env` (pass
    /// `std::env::var_os`).
    pub fn config(&self, env: impl Fn(&str) -> Option<OsString>) -> Result<Config, CliError> {
        let var = &self.token_env;
        let raw = env(var).ok_or_else(|| CliError::TokenUnset(var.clone()))?;
        let token = raw
            .into_string()
            .map_err(|_| CliError::TokenNotUnicode(var.clone()))?;
        if token.trim().is_empty() {
            return Err(CliError::TokenEmpty(var.clone()));
        }
        let expectations = self
            .expected
            .as_deref()
            .map(crate::Expectations::load)
            .transpose()
            .map_err(|e| CliError::Expectations(e.to_string()))?;
        Ok(Config {
            expectations,
            base_url: self.base_url.clone(),
            token: mainwp::Token::new(token),
            write: self.write,
            allow_insecure_http: self.allow_insecure_http,
            include_child_sites: self.include_child_sites,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> Args {
        let mut argv = vec![
            "live-check",
            "--base-url",
            "https://dashboard.example.com",
            "--token-env",
            "MAINWP_TOKEN",
        ];
        argv.extend_from_slice(extra);
        Args::try_parse_from(argv).unwrap()
    }

    #[test]
    fn reads_the_token_from_the_named_variable() {
        let config = args(&["--write"])
            .config(|name| (name == "MAINWP_TOKEN").then(|| "abc".into()))
            .unwrap();
        assert_eq!(config.token.expose_secret(), "abc");
        assert!(config.write && !config.include_child_sites);
    }

    #[test]
    fn fails_clearly_without_a_token() {
        let unset = args(&[]).config(|_| None).unwrap_err();
        assert_eq!(unset, CliError::TokenUnset("MAINWP_TOKEN".into()));
        assert!(unset.to_string().contains("MAINWP_TOKEN"));
        let empty = args(&[]).config(|_| Some(" \n".into())).unwrap_err();
        assert_eq!(empty, CliError::TokenEmpty("MAINWP_TOKEN".into()));
    }

    #[test]
    fn there_is_no_token_option() {
        let argv = [
            "live-check",
            "--base-url",
            "x",
            "--token-env",
            "T",
            "--token",
            "abc",
        ];
        assert!(Args::try_parse_from(argv).is_err());
    }
}
