//! `site-maintenance [SITE_ID PLUGIN_FILE...]`: lists the sites of the Dashboard at
//! `$MAINWP_URL` with the key in `$MAINWP_TOKEN`, then updates the named plugins on
//! one site. Exits with 2 when the Dashboard refuses the key, 1 on other failures.

use std::process::ExitCode;

use site_maintenance::{list_sites, update_plugins, MaintenanceError};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error @ MaintenanceError::KeyRefused { .. }) => {
            eprintln!("{error}; check MAINWP_TOKEN (a key with Read and Write & Delete)");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), MaintenanceError> {
    let url = std::env::var("MAINWP_URL").unwrap_or_default();
    let token = std::env::var("MAINWP_TOKEN").unwrap_or_default();
    let client = mainwp::Client::new(url, token)?;
    for site in list_sites(&client, 50).await? {
        println!("{:>5}  {}  {}", site.id, site.name, site.url);
    }
    let mut args = std::env::args().skip(1);
    let Some(site_id) = args.next() else {
        return Ok(());
    };
    let site_id: i64 = site_id.parse().map_err(|_| {
        MaintenanceError::Api(mainwp::Error::Config(format!("not a site id: {site_id}")))
    })?;
    let files: Vec<String> = args.collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let updated = update_plugins(&client, site_id, &files).await?;
    if updated.is_empty() {
        println!("nothing to update on site {site_id}");
    }
    for plugin in updated {
        println!(
            "updated {} {} -> {}",
            plugin.file, plugin.old_version, plugin.version
        );
    }
    Ok(())
}
