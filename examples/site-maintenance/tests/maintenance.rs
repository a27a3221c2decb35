//! The program's functions against `mainwp::mock`: typed stubs and the collection's saved
//! answers, no hand-written matchers.

use mainwp::mock::{Operation, Server};
use mainwp::types::ListSitesResponse;
use site_maintenance::{list_sites, update_plugins, MaintenanceError, SiteSummary, UpdatedPlugin};

/// The collection's saved list of two sites, as the typed answer.
fn two_sites() -> ListSitesResponse {
    let saved = <mainwp::sites::ListSites<'static> as Operation>::EXAMPLES
        .iter()
        .find(|e| e.name == "Two sites")
        .expect("the collection saves a list of two sites");
    serde_json::from_str(saved.body).expect("the saved list decodes")
}

#[tokio::test]
async fn lists_the_sites_of_every_page() {
    let server = Server::start().await;
    // One site a page: the client asks for page 1, then page 2, and stops at `total`.
    let mut first = two_sites();
    first.data.truncate(1);
    let mut second = two_sites();
    second.data.remove(0);
    server
        .sites()
        .list()
        .with_query(|q| q.per_page(1).page(1))
        .responds(first)
        .times(1)
        .await;
    server
        .sites()
        .list()
        .with_query(|q| q.per_page(1).page(2))
        .responds(second)
        .times(1)
        .await;

    let sites = list_sites(server.client(), 1)
        .await
        .expect("two pages of sites");

    assert_eq!(
        sites,
        vec![
            SiteSummary {
                id: 1,
                name: "Child One".into(),
                url: "https://child.example.com/".into()
            },
            SiteSummary {
                id: 2,
                name: "Shop Two".into(),
                url: "https://shop.example.com/".into()
            },
        ]
    );
    server.verify().await;
}

#[tokio::test]
async fn updates_the_named_plugins_on_one_site() {
    let server = Server::start().await;
    server
        .updates()
        .run_plugin(2)
        .with_query(|q| q.slug("akismet/akismet.php,hello.php"))
        .responds_example("Plugins updated")
        .times(1)
        .await;

    let updated = update_plugins(server.client(), 2, &["akismet/akismet.php", "hello.php"])
        .await
        .expect("the plugins are updated");

    assert_eq!(
        updated,
        vec![
            UpdatedPlugin {
                file: "akismet/akismet.php".into(),
                old_version: "5.3".into(),
                version: "5.3.1".into()
            },
            UpdatedPlugin {
                file: "hello.php".into(),
                old_version: "1.7.1".into(),
                version: "1.7.2".into()
            },
        ]
    );
    server.verify().await;
}

#[tokio::test]
async fn nothing_to_update_is_an_empty_list_not_an_error() {
    let server = Server::start().await;
    server
        .updates()
        .run_plugin(2)
        .with_query(|q| q.slug("hello.php"))
        .responds_example("Nothing to update (success 0)")
        .times(1)
        .await;

    let updated = update_plugins(server.client(), 2, &["hello.php"])
        .await
        .expect("no error");

    assert!(updated.is_empty(), "{updated:?}");
    server.verify().await;
}

#[tokio::test]
async fn a_refused_key_is_reported_as_such() {
    let server = Server::start().await;
    server
        .sites()
        .list()
        .with_query(|q| q.per_page(50).page(1))
        .fails(401, "rest_forbidden", "Invalid API key.")
        .times(1)
        .await;

    let refused = list_sites(server.client(), 50).await;

    match refused {
        Err(MaintenanceError::KeyRefused { message }) => assert_eq!(message, "Invalid API key."),
        other => panic!("expected a refused key, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn other_api_errors_are_not_taken_for_a_refused_key() {
    let server = Server::start().await;
    server
        .updates()
        .run_plugin(9)
        .with_query(|q| q.slug("hello.php"))
        .fails(404, "rest_site_not_found", "Site not found.")
        .times(1)
        .await;

    let failed = update_plugins(server.client(), 9, &["hello.php"]).await;

    assert!(
        matches!(&failed, Err(MaintenanceError::Api(mainwp::Error::Api { code, .. })) if code == "rest_site_not_found"),
        "{failed:?}"
    );
    server.verify().await;
}
