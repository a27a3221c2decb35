//! Writes the MainWP collection scaled `FACTOR` times (every copy with its own member
//! names, so its own types: `synth::Keys::Distinct`) to `OUT`, for
//! `benchmarks/side-by-side.sh`.
//!
//! `cargo run --release -p benchmarks --bin synth-collection -- FACTOR OUT`

use benchmarks::synth::{mainwp_collection_text, scaled_collection, Keys};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [factor, out] = args.as_slice() else {
        eprintln!("usage: synth-collection FACTOR OUT");
        std::process::exit(2);
    };
    let Ok(factor) = factor.parse::<usize>() else {
        eprintln!("FACTOR must be a whole number, not `{factor}`");
        std::process::exit(2);
    };
    let text = scaled_collection(&mainwp_collection_text(), factor, Keys::Distinct);
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("writing {out}: {e}");
        std::process::exit(1);
    }
}
