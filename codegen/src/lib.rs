//! Turns a Postman collection into a typed Rust client crate.
//!
//! The stages are separate modules: [`postman`] parses, [`lower`] (with [`infer`] and
//! [`naming`]) decides everything and yields the [`ir`], [`emit`] turns the IR into
//! tokens and [`format`] into files.

pub mod error;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod postman;

pub use error::Error;
