//! One-shot scaling table of the code generator's stages: the MainWP collection and
//! synthetic collections 10x and 100x its size (see `benchmarks/src/synth.rs`).
//!
//! Criterion needs at least 10 samples per benchmark, which is minutes per stage at
//! 100x, so this target times each stage `BENCH_REPS` times (default 3) with
//! `Instant` and prints the minimum and the median. Settings (environment):
//! `BENCH_FACTORS` (default `1,10,100`), `BENCH_KEYS` (`distinct`, `same` or `both`,
//! default `distinct`), `BENCH_REPS`.
//!
//! `cargo bench -p benchmarks --bench codegen_scaling`

use std::time::{Duration, Instant};

use benchmarks::stages;
use benchmarks::synth::{count_requests, mainwp_collection_text, scaled_collection, Keys};

fn main() {
    let factors: Vec<usize> = std::env::var("BENCH_FACTORS")
        .unwrap_or_else(|_| "1,10,100".to_string())
        .split(',')
        .filter_map(|f| f.trim().parse().ok())
        .collect();
    let reps: usize = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    let keys = match std::env::var("BENCH_KEYS").as_deref() {
        Ok("same") => vec![Keys::Same],
        Ok("both") => vec![Keys::Distinct, Keys::Same],
        _ => vec![Keys::Distinct],
    };
    let original = mainwp_collection_text();
    for keys in keys {
        println!("\n## copies with {keys:?} member names, median of {reps} runs per stage\n");
        println!(
            "| factor | requests | input MB | types | output lines | output MB | parse | lower+infer | emit+print | print | emit tokens | write | total |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        let mut base: Option<[Duration; 6]> = None;
        for &factor in &factors {
            let text = scaled_collection(&original, factor, keys);
            let requests = count_requests(&text);
            let (parse, collection) = time(reps, || stages::parse(&text));
            let (lower, api) = time(reps, || stages::lower(&collection));
            let (tokens, emitted) = time(reps, || stages::emit(&api));
            let (format, files) = time_with(reps, || emitted.clone(), stages::print);
            let (write, _) = time_with(
                reps,
                || tempfile::tempdir().expect("a temp dir"),
                |dir| {
                    stages::write(dir.path(), &files);
                    dir
                },
            );
            let (lines, bytes) = stages::size(&files);
            let emit = tokens + format;
            let total = parse + lower + emit + write;
            let row = [parse, lower, emit, format, tokens, write];
            println!(
                "| {factor}x | {requests} | {:.1} | {} | {lines} | {:.1} | {} | {} | {} | {} | {} | {} | {} |",
                text.len() as f64 / 1e6,
                api.types.len(),
                bytes as f64 / 1e6,
                show(parse, base.map(|b| b[0]), factor),
                show(lower, base.map(|b| b[1]), factor),
                show(emit, base.map(|b| b[2]), factor),
                show(format, base.map(|b| b[3]), factor),
                show(tokens, base.map(|b| b[4]), factor),
                show(write, base.map(|b| b[5]), factor),
                fmt(total),
            );
            if factor == 1 {
                base = Some(row);
            }
        }
        println!(
            "\n(each cell: median time, and for factors above 1 the ratio to 1x and the exponent k of time ~ size^k)"
        );
    }
}

/// Median over `reps` runs of `f`; returns the last result.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    time_with(reps, || (), |()| f())
}

/// Median over `reps` runs of `f` on a fresh input from `setup` (not timed).
fn time_with<I, T>(
    reps: usize,
    mut setup: impl FnMut() -> I,
    mut f: impl FnMut(I) -> T,
) -> (Duration, T) {
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps {
        let input = setup();
        let start = Instant::now();
        let out = std::hint::black_box(f(input));
        times.push(start.elapsed());
        drop(last.replace(out));
    }
    times.sort();
    (
        times[times.len() / 2],
        last.expect("at least one run happened"),
    )
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.1} ms", s * 1e3)
    }
}

fn show(d: Duration, base: Option<Duration>, factor: usize) -> String {
    match base {
        Some(b) if factor > 1 && !b.is_zero() => {
            let ratio = d.as_secs_f64() / b.as_secs_f64();
            let k = ratio.ln() / (factor as f64).ln();
            format!("{} ({ratio:.0}x, k={k:.2})", fmt(d))
        }
        _ => fmt(d),
    }
}
