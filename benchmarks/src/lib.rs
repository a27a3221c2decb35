//! Shared helpers of the benchmarks (see `BENCHMARKS.md` at the repository root):
//! synthetic collections and stage-by-stage runs of the code generator, a local HTTP
//! server for the client, and example answers.

pub mod examples;
pub mod server;
pub mod stages;
pub mod synth;
