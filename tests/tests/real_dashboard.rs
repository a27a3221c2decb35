//! live-check against the real MainWP Dashboard that `../shared/mainwp-dashboard/setup.sh`
//! starts on loopback, judged by `live-check/expected-failures.toml`: read-only with the
//! Read key, then with `--write` and the Read + Write + Delete key.
//!
//! The Dashboard is found through its env file, `$MAINWP_LAB/env` (`MAINWP_LAB` defaults
//! to `${TMPDIR:-/tmp}/mainwp-dashboard`, as in setup.sh). In CI (`CI=true`) a missing
//! Dashboard fails the test; elsewhere the test says what is missing and how to start it.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use live_check::{Config, Expectations, Outcome, Report};

/// What the env file of the lab says.
struct Lab {
    url: String,
    read_token: String,
    write_token: String,
    site_id: String,
}

/// The lab folder, as setup.sh chooses it.
fn lab_folder() -> PathBuf {
    if let Some(lab) = std::env::var_os("MAINWP_LAB").filter(|v| !v.is_empty()) {
        return PathBuf::from(lab);
    }
    let tmp = std::env::var_os("TMPDIR")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
    tmp.join("mainwp-dashboard")
}

/// `NAME=value` lines (what setup.sh writes), comments and blank lines skipped.
fn read_env_file(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect())
}

fn read_lab(env_file: &Path) -> Result<Lab, String> {
    let env = read_env_file(env_file)?;
    let get = |name: &str| {
        env.get(name)
            .cloned()
            .ok_or_else(|| format!("{} has no {name}", env_file.display()))
    };
    let token = |name: &str| -> Result<String, String> {
        let path = get(name)?;
        let token = std::fs::read_to_string(&path).map_err(|e| format!("{path} ({name}): {e}"))?;
        Ok(token.trim().to_owned())
    };
    Ok(Lab {
        url: get("MAINWP_URL")?,
        read_token: token("MAINWP_READ_TOKEN_FILE")?,
        write_token: token("MAINWP_WRITE_TOKEN_FILE")?,
        site_id: get("MAINWP_SITE_ID")?,
    })
}

/// The lab, or `None` after saying (outside CI) what is missing. In CI the Dashboard
/// must be there: a test run that silently checked nothing would pass for the wrong
/// reason.
fn lab_or_explain() -> Option<Lab> {
    let env_file = lab_folder().join("env");
    if env_file.exists() {
        return Some(read_lab(&env_file).unwrap_or_else(|e| panic!("{e}")));
    }
    let missing = format!(
        "the real MainWP Dashboard is not set up: {} does not exist. Start it (as root, \
         from the project root) with `bash ../shared/mainwp-dashboard/setup.sh`, or set \
         MAINWP_LAB to the lab folder of a running one",
        env_file.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true, but {missing}");
    }
    // Straight to stderr, past the test harness's capture, so that it is seen.
    let _ = writeln!(
        std::io::stderr(),
        "real_dashboard: NOT RUN: {missing} (outside CI this is not a failure)"
    );
    None
}

fn expectations() -> Expectations {
    let path = workspace_tests::workspace().join("live-check/expected-failures.toml");
    Expectations::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

async fn check(lab: &Lab, token: &str, write: bool) -> Report {
    let config = Config {
        base_url: lab.url.clone(),
        token: mainwp::Token::new(token),
        write,
        allow_insecure_http: false,
        include_child_sites: false,
        expectations: Some(expectations()),
    };
    live_check::run(&config)
        .await
        .expect("the client builds for the lab's URL")
}

fn assert_passed(report: &Report, what: &str) {
    let table = report.to_table();
    println!("{what}:\n{table}");
    assert!(
        report.passed(),
        "live-check {what} against the real Dashboard failed (is it running? \
         `bash ../shared/mainwp-dashboard/start.sh`):\n{table}"
    );
}

#[tokio::test]
async fn every_answer_of_the_real_dashboard_decodes_or_is_an_expected_failure() {
    let Some(lab) = lab_or_explain() else {
        return;
    };

    let read = check(&lab, &lab.read_token, false).await;
    assert_passed(&read, "read-only");
    // Monitors are addressed by the numeric site id, never by the child's URL.
    let monitor = read
        .rows
        .iter()
        .find(|r| r.route == "GET monitors/{id_domain}")
        .expect("a monitor row");
    assert_eq!(monitor.call, format!("GET monitors/{}", lab.site_id));

    let write = check(&lab, &lab.write_token, true).await;
    assert_passed(&write, "--write");
    let writes = write
        .rows
        .iter()
        .filter(|r| !r.route.starts_with("GET ") && r.outcome == Outcome::Ok)
        .count();
    assert!(writes > 0, "the write sequences wrote nothing");
    assert!(write.leftovers.is_empty(), "{:?}", write.leftovers);
}

/// The real Dashboard sends a cost's `last_renewal` as a date in lists
/// (`"2026-11-01 00:00:00"`) and as a timestamp alone (`"1793491200"`): both decode into
/// `DateOrTimestamp`, and both are the same second.
#[tokio::test]
async fn a_costs_renewal_is_the_same_second_in_the_list_and_alone() {
    let Some(lab) = lab_or_explain() else {
        return;
    };
    let client = mainwp::Client::new(&lab.url, lab.read_token.clone()).expect("a client");
    let costs = client.costs().list().send().await.expect("the costs");
    let listed = costs
        .data
        .values()
        .find(|cost| cost.last_renewal.unix_seconds().is_some_and(|s| s > 0))
        .expect("setup.sh creates a cost with a renewal date");
    let alone = client
        .costs()
        .get(listed.id)
        .send()
        .await
        .expect("the cost alone")
        .data;
    assert_eq!(alone.id, listed.id);
    assert_eq!(
        listed.last_renewal.unix_seconds(),
        alone.last_renewal.unix_seconds(),
        "listed {:?}, alone {:?}",
        listed.last_renewal,
        alone.last_renewal
    );
}

/// The real Dashboard sends a site's `plugins` and `themes` as JSON text inside strings:
/// through the client they arrive as `JsonText`, and `decode()` gives typed items whose
/// names are those of the text (read here as plain `Value`s).
#[tokio::test]
async fn a_real_sites_plugins_and_themes_decode_from_their_json_text() {
    let Some(lab) = lab_or_explain() else {
        return;
    };
    let client = mainwp::Client::new(&lab.url, lab.read_token.clone()).expect("a client");
    let sites = client.sites().list().send().await.expect("the sites");
    let site = sites
        .data
        .iter()
        .find(|site| site.id.to_string() == lab.site_id)
        .expect("the lab's child is listed");
    let names_in_text = |text: &str| -> Vec<String> {
        let items: serde_json::Value = serde_json::from_str(text).expect("JSON text");
        items
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| item["name"].as_str().expect("a name").to_owned())
            .collect()
    };
    assert!(site.plugins.is_string(), "{:?}", site.plugins);
    let plugins: Vec<String> = site
        .plugins
        .decode()
        .expect("the plugins decode")
        .into_iter()
        .map(|plugin| plugin.name)
        .collect();
    assert_eq!(plugins, names_in_text(&site.plugins.text()));
    assert!(
        plugins.iter().any(|name| name == "MainWP Child"),
        "{plugins:?}"
    );
    let themes: Vec<String> = site
        .themes
        .decode()
        .expect("the themes decode")
        .into_iter()
        .map(|theme| theme.name)
        .collect();
    assert!(!themes.is_empty());
    assert_eq!(themes, names_in_text(&site.themes.text()));
}
