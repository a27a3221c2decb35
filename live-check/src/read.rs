//! The read-only pass: every GET operation of the catalog, in catalog order, with ids
//! discovered from the answers before it.
//!
//! Read-only as far as the API goes, but not free of writes on the child: `GET
//! posts/{site}/{post}` and `GET pages/{site}/{page}` make the Dashboard open the post for
//! editing on the child, which sets its `_edit_lock` meta (so the first such GET on a fresh
//! child answers `"post_custom": []`, every later one an object keyed by meta key).

use mainwp::catalog::{Access, Operation, OPERATIONS};

use crate::call::{Call, Session};
use crate::discovery::Discovered;
use crate::report::Phase;

/// The operations of the read pass: every GET of the catalog, in catalog order.
pub fn read_operations() -> impl Iterator<Item = &'static Operation> {
    OPERATIONS
        .iter()
        .filter(|op| op.access == Access::Read && op.method == "GET")
}

/// After this many calls in a row without any answer, and none answered before, the
/// server is taken to be unreachable and the remaining operations are skipped (each call
/// would wait for its retries in vain).
const GIVE_UP_AFTER: usize = 3;

/// Calls every GET operation once and returns the ids discovered on the way.
pub async fn run_reads(session: &mut Session) -> Discovered {
    let mut discovered = Discovered::default();
    for op in read_operations() {
        if unreachable(session) {
            session.skip(Phase::Read, op, "the server did not answer the first calls");
            continue;
        }
        let call = Call {
            path: discovered.path_values(op),
            query: discovered.query(op),
            body: None,
        };
        if let Some(answer) = session.call(Phase::Read, op, call).await {
            discovered.learn(op, &answer);
        }
    }
    discovered
}

/// Whether the first calls (`GIVE_UP_AFTER` of them) all went unanswered.
pub fn unreachable(session: &Session) -> bool {
    let rows = &session.report.rows;
    rows.len() >= GIVE_UP_AFTER && !rows.iter().any(|row| row.got_answer())
}
