//! `live-check`: runs the generated `mainwp` client against a real MainWP Dashboard and
//! reports, operation by operation, whether the answers decode into the generated types.
//!
//! - [`read`]: every GET operation of [`mainwp::catalog::OPERATIONS`], in catalog order,
//!   with ids [`discovery`] learnt from earlier answers;
//! - [`write`](mod@write) (`--write`): undoable create -> edit -> delete sequences that clean up
//!   after themselves;
//! - [`operations`]: how each operation is called through the generated builders;
//! - [`call`]: one operation: typed call, answer, one [`report::Row`];
//! - [`expectations`]: the reviewed list of failures a given Dashboard cannot avoid;
//! - [`report`]: the rows, the verdict, the table and the JSON;
//! - [`cli`]: the command line (the token comes from an environment variable).

pub mod call;
pub mod cli;
pub mod discovery;
pub mod expectations;
pub mod operations;
pub mod read;
pub mod report;
pub mod secrets;
pub mod write;

pub use expectations::Expectations;
pub use report::{Outcome, Phase, Report, Row, Summary};

/// What to check and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The Dashboard's address (the API root is added when missing).
    pub base_url: String,
    /// The API key; never printed.
    pub token: mainwp::Token,
    /// Run the write sequences after the read pass.
    pub write: bool,
    /// Allow plain HTTP to a host that is not this machine.
    pub allow_insecure_http: bool,
    /// With `write`, also sync one child site.
    pub include_child_sites: bool,
    /// The failures this Dashboard cannot avoid; with a list, every other failure, and
    /// every listed operation that passes, fails the run.
    pub expectations: Option<Expectations>,
}

/// Runs the check. Fails only when the client cannot be built (a malformed base URL,
/// plain HTTP to a remote host without `allow_insecure_http`); everything the server
/// answers is in the report.
pub async fn run(config: &Config) -> Result<Report, mainwp::Error> {
    let client = mainwp::Client::builder()
        .base_url(config.base_url.clone())
        .token(config.token.clone())
        .allow_insecure_http(config.allow_insecure_http)
        .build()?;
    let mut secrets = secrets::Secrets::default();
    secrets.add(config.token.expose_secret());
    let mut session = call::Session::new(client, secrets);
    let discovered = read::run_reads(&mut session).await;
    if config.write && !read::unreachable(&session) {
        write::run_writes(&mut session, &discovered, config.include_child_sites).await;
    }
    let mut report = session.report;
    if let Some(expectations) = &config.expectations {
        report.apply_expectations(expectations);
    }
    Ok(report)
}
