//! Criterion timings of each stage of the code generator on the MainWP collection (1x)
//! and on a synthetic collection 10x its size (see `benchmarks/src/synth.rs`); set
//! `BENCH_CODEGEN_100X=1` to add 100x (minutes per stage). Stages: `parse`
//! (`postman::parse_str`), `lower` (`lower::lower`, type inference included),
//! `emit` (`emit::emit`: tokens per file), `print` (`print::print`: syn, prettyplease
//! and the header) and `write` (all files into a fresh temp dir).
//!
//! `cargo bench -p benchmarks --bench codegen`

use std::time::Duration;

use benchmarks::stages;
use benchmarks::synth::{mainwp_collection_text, scaled_collection, Keys};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

fn stages_at(c: &mut Criterion, factor: usize) {
    let text = scaled_collection(&mainwp_collection_text(), factor, Keys::Distinct);
    let collection = stages::parse(&text);
    let api = stages::lower(&collection);
    let emitted = stages::emit(&api);
    let files = stages::print(emitted.clone());
    let (_, out_bytes) = stages::size(&files);

    let mut group = c.benchmark_group(format!("codegen/{factor}x"));
    if factor >= 10 {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(20));
    }
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| stages::parse(&text)));
    group.bench_function("lower", |b| b.iter(|| stages::lower(&collection)));
    group.throughput(Throughput::Bytes(out_bytes as u64));
    group.bench_function("emit", |b| b.iter(|| stages::emit(&api)));
    group.bench_function("print", |b| {
        b.iter_batched(|| emitted.clone(), stages::print, BatchSize::PerIteration)
    });
    group.bench_function("write", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temp dir"),
            |dir| {
                stages::write(dir.path(), &files);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn codegen(c: &mut Criterion) {
    stages_at(c, 1);
    stages_at(c, 10);
    if std::env::var_os("BENCH_CODEGEN_100X").is_some() {
        stages_at(c, 100);
    }
}

criterion_group!(benches, codegen);
criterion_main!(benches);
