//! Names the generated crate already uses, which names taken from a collection must
//! avoid: one table, read by lowering (through [`crate::naming::NameSet::reserve`]).
//!
//! Each list says which code defines the names. Lowering runs before emit and cannot
//! ask it, so the lists are kept here, and `tests/tests/reserved_names.rs` checks them
//! against what the emitter and the runtime actually define (parsing both with `syn`).

/// Methods every operation builder defines (`codegen/src/emit/operation.rs`), or gets
/// from a derive or trait it implements: setters must not take these names.
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "body",
    "stream",
    "collect_all",
    "new",
    "clone",
    "client",
    "into_future",
    "to_request",
];

/// Methods of every folder handle (`codegen/src/emit/resource.rs`, and `Clone`):
/// accessors and operation methods of a folder must not take these.
pub const HANDLE_METHODS: &[&str] = &["clone", "client", "new"];

/// Methods of the client: the runtime's `impl Client` (`runtime/src/client.rs`, private
/// ones included, since an inherent method of the same name in the generated
/// `impl Client` would be a duplicate definition), the constructors the generated
/// `lib.rs` adds, and `clone` from `Clone`. Root-level operations and accessors must not
/// take these.
pub const CLIENT_METHODS: &[&str] = &[
    // lib.rs (codegen/src/emit/crate_files.rs)
    "new",
    "builder",
    // runtime/src/client.rs
    "execute",
    "execute_text",
    "decode_answer",
    "base_url",
    "timeout",
    "retry_policy",
    "send",
    "send_once",
    "decode",
    // #[derive(Clone)]
    "clone",
];

/// Methods of the mock server (the `mock` feature): the runtime's `impl Server`
/// (`runtime/src/mock.rs`, private ones included) and what the generated `src/mock.rs`
/// adds (`codegen/src/emit/mock.rs`). The server has the client's accessors and root
/// operations as stub methods, so those must not take these either.
pub const MOCK_SERVER_METHODS: &[&str] = &[
    // codegen/src/emit/mock.rs
    "start",
    "serve_examples",
    // runtime/src/mock.rs
    "start_for",
    "client",
    "client_builder",
    "uri",
    "wiremock",
    "stub",
    "expect_request",
    "serve_routes",
    "report",
    "verify",
];

/// Modules at the crate root that are not folders: those `lib.rs` declares
/// (`codegen/src/emit/crate_files.rs`) and file names cargo gives a meaning to.
pub const CRATE_MODULES: &[&str] = &[
    "catalog",
    "mock",
    "params",
    "runtime",
    "types",
    "__private",
    "lib",
    "client",
    "main",
];

/// Crates generated code refers to by path, which resource modules must not shadow.
pub const EXTERN_CRATES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "futures",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "thiserror",
    "tokio",
    "url",
];

/// Type names generated types must not take: what the runtime exports at the crate root
/// (`runtime/src/mod.rs`; `lib.rs` re-exports some by name and imports the others) and the std prelude (a
/// struct named `String` would shadow it). A type that wants one falls back to a
/// qualified name.
pub const TYPE_NAMES: &[&str] = &[
    // runtime/src/mod.rs
    "ApiConfig",
    "AuthScheme",
    "Client",
    "ClientBuilder",
    "DateOrTimestamp",
    "Error",
    "FailureFlag",
    "JsonText",
    "JsonTextContent",
    "JsonTextError",
    "Method",
    "Page",
    "Pages",
    "Part",
    "QueryValue",
    "Request",
    "ResponseFuture",
    "RetryPolicy",
    "Token",
    // the std prelude
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "ToString",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "ToOwned",
    "Unpin",
    "Extend",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "PartialOrd",
    "Ord",
];
