//! Site maintenance with the `mainwp` client: list the Dashboard's sites (every page),
//! update named plugins on one site, and tell a refused key apart from other failures.
//!
//! The program (`src/main.rs`) is a thin shell around these functions; the tests in
//! `tests/` run them against `mainwp::mock`.

use futures::TryStreamExt;
use mainwp::Client;

/// What the program reports about a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    pub id: i64,
    pub name: String,
    pub url: String,
}

/// A plugin the Dashboard updated on a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatedPlugin {
    /// The plugin file, e.g. `akismet/akismet.php`.
    pub file: String,
    pub old_version: String,
    pub version: String,
}

/// Why maintenance stopped.
#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    /// The Dashboard refused the key (HTTP 401): a wrong, revoked or missing key. The
    /// program says so instead of showing a generic API error.
    #[error("the Dashboard refused the API key: {message}")]
    KeyRefused { message: String },
    /// Any other failure, as the client reports it.
    #[error(transparent)]
    Api(mainwp::Error),
}

impl From<mainwp::Error> for MaintenanceError {
    fn from(error: mainwp::Error) -> MaintenanceError {
        match error {
            mainwp::Error::Api {
                status: 401,
                message,
                ..
            } => MaintenanceError::KeyRefused { message },
            other => MaintenanceError::Api(other),
        }
    }
}

/// Every site of the Dashboard, `per_page` at a time.
pub async fn list_sites(
    client: &Client,
    per_page: i64,
) -> Result<Vec<SiteSummary>, MaintenanceError> {
    let sites: Vec<mainwp::types::Site> = client
        .sites()
        .list()
        .per_page(per_page)
        .stream()
        .try_collect()
        .await?;
    Ok(sites
        .into_iter()
        .map(|site| SiteSummary {
            id: site.id,
            name: site.name,
            url: site.url,
        })
        .collect())
}

/// Updates the plugins `files` on the site `site_id` and says which were updated. A
/// Dashboard with nothing to update answers with a failure flag, which is no error
/// here: nothing was updated.
pub async fn update_plugins(
    client: &Client,
    site_id: i64,
    files: &[&str],
) -> Result<Vec<UpdatedPlugin>, MaintenanceError> {
    let answer = client
        .updates()
        .run_plugin(site_id)
        .slug(files.join(","))
        .send()
        .await;
    match answer {
        Ok(answer) => Ok(answer
            .data
            .into_iter()
            .filter(|(_, update)| update.success)
            .map(|(file, update)| UpdatedPlugin {
                file,
                old_version: update.old_version,
                version: update.version,
            })
            .collect()),
        Err(mainwp::Error::Rejected { .. }) => Ok(Vec::new()),
        Err(other) => Err(other.into()),
    }
}
