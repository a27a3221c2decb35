//! Placeholder until the emitter lands: exposes the runtime only.
mod runtime;
pub use runtime::*;
