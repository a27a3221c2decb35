//! The hand-written runtime shared by all generated operations.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//!
//! HTTP, authentication, errors, retries, pagination and lenient decoding: the generated
//! code only builds [`Request`]s and hands them to [`ResponseFuture`] (what
//! [`Client::execute`] returns) or, for paged lists, to [`Pages`].
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod auth;
mod client;
mod date_or_timestamp;
mod error;
mod json_text;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
mod paginate;
mod request;
mod response;
mod retry;
mod scan;
mod secret;

pub use auth::AuthScheme;
pub use client::{
    ApiConfig, Client, ClientBuilder, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, FailureFlag,
};
pub use date_or_timestamp::DateOrTimestamp;
pub use error::{Error, decode_value};
pub use json_text::{JsonText, JsonTextContent, JsonTextError};
pub use paginate::{Page, Pages, collect_all, paginate};
pub use request::{
    Part, QueryValue, Request, encode_path_segment, fill_path, with_query, with_query_each,
};
pub use reqwest::Method;
pub use response::ResponseFuture;
pub use retry::RetryPolicy;
pub use secret::Token;
