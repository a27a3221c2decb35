//! The mock server (`mainwp::mock`, runtime/src/mock.rs and the generated src/mock.rs)
//! beyond what the contract tests use: what `verify` reports, what a stub refuses to
//! match, the answers it builds, and `serve_examples`.

use mainwp::mock::{Operation, Server};
use mainwp::types::{ActivatePluginsBody, ListSitesResponse};

fn two_sites() -> ListSitesResponse {
    let saved = <mainwp::sites::ListSites<'static> as Operation>::EXAMPLES
        .iter()
        .find(|e| e.name == "Two sites")
        .expect("a saved list");
    serde_json::from_str(saved.body).expect("decodes")
}

#[tokio::test]
async fn verify_names_the_call_that_did_not_come_and_the_one_that_came_instead() {
    let server = Server::start().await;
    server.sites().get(1).times(1).await;

    let other = server.client().sites().get(2).send().await;

    assert!(other.is_err(), "no stub answers sites/2: {other:?}");
    let report = server.report().await;
    assert_eq!(
        report.missing,
        vec!["GET /wp-json/mainwp/v2/sites/1: expected 1 calls, got 0".to_string()]
    );
    assert_eq!(
        report.unexpected,
        vec!["GET /wp-json/mainwp/v2/sites/2".to_string()]
    );
    let text = report.to_string();
    assert!(
        text.contains("did not come") && text.contains("no stub expected"),
        "{text}"
    );
}

#[tokio::test]
#[should_panic(expected = "expected calls that did not come")]
async fn verify_panics_when_a_stub_got_no_call() {
    let server = Server::start().await;
    server.sites().count().await;
    server.verify().await;
}

#[tokio::test]
async fn a_stub_answers_no_more_than_its_times() {
    let server = Server::start().await;
    server.sites().count().times(2).await;

    for _ in 0..2 {
        server
            .client()
            .sites()
            .count()
            .send()
            .await
            .expect("answered");
    }
    let third = server.client().sites().count().send().await;

    assert!(third.is_err(), "{third:?}");
    let report = server.report().await;
    assert!(report.missing.is_empty(), "{report}");
    assert_eq!(
        report.unexpected,
        vec!["GET /wp-json/mainwp/v2/sites/count".to_string()]
    );
}

#[tokio::test]
async fn a_stub_expects_its_query_and_no_other() {
    let server = Server::start().await;
    server
        .sites()
        .list()
        .with_query(|q| q.per_page(50))
        .responds_example("Two sites")
        .await;

    let without = server.client().sites().list().send().await;
    let more = server
        .client()
        .sites()
        .list()
        .per_page(50)
        .search("shop")
        .send()
        .await;
    let exact = server.client().sites().list().per_page(50).send().await;

    assert!(without.is_err() && more.is_err(), "{without:?} {more:?}");
    assert_eq!(exact.expect("the stubbed call").data.len(), 2);
    assert_eq!(server.report().await.unexpected.len(), 2);
}

#[tokio::test]
async fn a_stub_expects_its_body() {
    let server = Server::start().await;
    let body = ActivatePluginsBody {
        slug: Some("hello.php".to_string()),
    };
    server
        .updates()
        .run_plugin(2)
        .with_body(body)
        .responds_example("Plugins updated")
        .times(1)
        .await;

    let other = server
        .client()
        .updates()
        .run_plugin(2)
        .slug("akismet/akismet.php")
        .send()
        .await;
    let same = server
        .client()
        .updates()
        .run_plugin(2)
        .slug("hello.php")
        .send()
        .await;

    assert!(other.is_err(), "{other:?}");
    assert!(same.is_ok(), "{same:?}");
    assert_eq!(server.report().await.unexpected.len(), 1);
}

#[tokio::test]
async fn a_stub_expects_the_mock_token() {
    let server = Server::start().await;
    server.sites().count().await;
    let stranger = server
        .client_builder()
        .token("another-token")
        .max_attempts(1)
        .build()
        .expect("a client");

    let refused = stranger.sites().count().send().await;
    let accepted = server.client().sites().count().send().await;

    assert!(refused.is_err(), "{refused:?}");
    assert!(accepted.is_ok(), "{accepted:?}");
}

#[tokio::test]
async fn responds_sends_the_typed_answer_the_client_decodes() {
    let server = Server::start().await;
    let answer = two_sites();
    server
        .sites()
        .list()
        .responds(answer.clone())
        .times(1)
        .await;

    let received = server
        .client()
        .sites()
        .list()
        .send()
        .await
        .expect("decodes");

    assert_eq!(received, answer);
    server.verify().await;
}

#[tokio::test]
async fn fails_and_rejects_give_the_errors_the_client_reports() {
    let server = Server::start().await;
    server
        .sites()
        .get(7)
        .fails(404, "rest_not_found", "No such site.")
        .await;
    server
        .sites()
        .sync(7)
        .rejects("The site is suspended.")
        .await;

    let failed = server.client().sites().get(7).send().await;
    let rejected = server.client().sites().sync(7).send().await;

    match failed {
        Err(mainwp::Error::Api {
            status,
            code,
            message,
            ..
        }) => {
            assert_eq!(
                (status, code.as_str(), message.as_str()),
                (404, "rest_not_found", "No such site.")
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    match rejected {
        Err(mainwp::Error::Rejected { message, .. }) => {
            assert_eq!(message, "The site is suspended.")
        }
        other => panic!("expected Error::Rejected, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
#[should_panic(expected = "Two sites")]
async fn an_unknown_example_name_lists_the_saved_ones() {
    let server = Server::start().await;
    let _ = server.sites().list().responds_example("No such example");
}

#[tokio::test]
async fn serve_examples_answers_each_operation_with_its_saved_success() {
    let server = Server::start().await;
    server.serve_examples().await;
    let client = server.client();

    // `sites/count` is its own route, not `sites/{id}` with the id "count".
    let count = client
        .sites()
        .count()
        .send()
        .await
        .expect("the saved count");
    let site = client.sites().get(42).send().await.expect("the saved site");
    let plugins = client
        .sites()
        .plugins()
        .list(42)
        .send()
        .await
        .expect("the saved plugins");

    assert!(count.count > 0, "{count:?}");
    let _ = (site, plugins);
    server.verify().await;
}

#[tokio::test]
async fn a_stub_wins_over_the_saved_examples() {
    let server = Server::start().await;
    server.serve_examples().await;
    server
        .sites()
        .count()
        .fails(401, "rest_forbidden", "No key.")
        .times(1)
        .await;

    let refused = server.client().sites().count().send().await;
    let second = server.client().sites().count().send().await;

    assert!(
        matches!(refused, Err(mainwp::Error::Api { status: 401, .. })),
        "{refused:?}"
    );
    assert!(
        second.is_ok(),
        "after its one call, the example answers: {second:?}"
    );
    server.verify().await;
}
