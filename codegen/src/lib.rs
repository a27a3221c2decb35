//! Turns a Postman collection into a typed Rust client crate.
