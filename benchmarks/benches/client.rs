//! Overhead of the generated client against hand-written reqwest + serde code, both
//! calling the same local server (127.0.0.1, hyper, answering the collection's saved
//! example bodies). Client and server share one current-thread Tokio runtime, so each
//! figure is the CPU cost of a request on one core (client + server + loopback TCP),
//! insensitive to how fast the OS hands a wake-up to another thread; the server's share
//! is the same for every client.
//!
//! Operations, in turn: `sites().list()` (6.2 KB answer), `sites().count()` (16 B),
//! `tags().list()` (317 B), `clients().list()` (1.2 KB), `updates().list()` (2.2 KB).
//!
//! Two measurements:
//!
//! 1. `interleaved`: batches of `BENCH_CLIENT_N` (default 2,000) sequential requests,
//!    cycling through the five operations, alternating the four clients batch after
//!    batch for `BENCH_CLIENT_ROUNDS` rounds (default 7), so load from other processes
//!    hits all alike; prints the median per batch, in wall time and in the CPU time of
//!    the one thread client and server share (what the ratios are best read from on a
//!    busy machine), and the ratios.
//! 2. Criterion, per operation and per client (one request per iteration).
//!
//! The generated client is `mainwp::Client::new(url, token)` (default retry policy:
//! GETs retried, no retry happens here since every answer is 200). The hand-written
//! client sends the same headers (bearer token, `Accept`), uses the same 30 s timeout,
//! checks the status and decodes the body with `serde_json::from_slice`, three ways:
//!
//! * into the generated answer types (`mainwp::types::*`): the same work as the generated
//!   client minus the client, so the ratio to it is the client's own overhead;
//! * into small hand-written structs of the 2-5 members a caller might read (the rest of
//!   each answer is skipped, not decoded);
//! * into `serde_json::Value`.
//!
//! `cargo bench -p benchmarks --bench client`

use std::collections::HashMap;
use std::time::{Duration, Instant};

use benchmarks::examples::example_body;
use benchmarks::server::Server;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use serde_json::Value;
use tokio::runtime::Runtime;

const TOKEN: &str = "bench-token-0123456789";
const API: &str = "/wp-json/mainwp/v2";

/// (route below the API root, collection folder, request name)
const OPERATIONS: &[(&str, &str, &str)] = &[
    ("sites", "Sites", "List sites"),
    ("sites/count", "Sites", "Count sites"),
    ("tags", "Tags", "List tags"),
    ("clients", "Clients", "List clients"),
    ("updates", "Updates", "List updates"),
];

fn server(rt: &Runtime) -> Server {
    let routes: HashMap<String, Bytes> = OPERATIONS
        .iter()
        .map(|(route, folder, request)| {
            (
                format!("{API}/{route}"),
                Bytes::from(example_body(folder, request)),
            )
        })
        .collect();
    Server::start(rt, routes)
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

// ---------------------------------------------------------------------------------------
// The generated client

async fn generated(client: &mainwp::Client, op: usize) -> usize {
    match op {
        0 => client
            .sites()
            .list()
            .send()
            .await
            .expect("sites")
            .data
            .len(),
        1 => client.sites().count().send().await.expect("count").count as usize,
        2 => client.tags().list().send().await.expect("tags").data.len(),
        3 => client
            .clients()
            .list()
            .send()
            .await
            .expect("clients")
            .data
            .len(),
        _ => client
            .updates()
            .list()
            .send()
            .await
            .expect("updates")
            .data
            .len(),
    }
}

// ---------------------------------------------------------------------------------------
// Hand-written: reqwest + serde

struct Hand {
    http: reqwest::Client,
    base: String,
    auth: String,
}

impl Hand {
    fn new(server: &str) -> Hand {
        Hand {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("a reqwest client"),
            base: format!("{server}{API}"),
            auth: format!("Bearer {TOKEN}"),
        }
    }

    async fn get(&self, route: &str) -> Bytes {
        let response = self
            .http
            .get(format!("{}/{route}", self.base))
            .header(reqwest::header::AUTHORIZATION, &self.auth)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_success(), "{}", response.status());
        response.bytes().await.expect("a body")
    }

    async fn value(&self, op: usize) -> usize {
        let body = self.get(OPERATIONS[op].0).await;
        let value: Value = serde_json::from_slice(&body).expect("JSON");
        match &value["data"] {
            Value::Array(items) => items.len(),
            Value::Object(items) => items.len(),
            _ => value["count"].as_u64().unwrap_or_default() as usize,
        }
    }

    async fn generated_types(&self, op: usize) -> usize {
        use mainwp::types as t;
        let body = self.get(OPERATIONS[op].0).await;
        match op {
            0 => decode::<t::ListSitesResponse>(&body).data.len(),
            1 => decode::<t::CountSitesResponse>(&body).count as usize,
            2 => decode::<t::ListTagsResponse>(&body).data.len(),
            3 => decode::<t::ListClientsResponse>(&body).data.len(),
            _ => decode::<t::ListUpdatesResponse>(&body).data.len(),
        }
    }

    async fn typed(&self, op: usize) -> usize {
        let body = self.get(OPERATIONS[op].0).await;
        match op {
            0 => decode::<List<SiteLite>>(&body).data.len(),
            1 => decode::<Count>(&body).count as usize,
            2 => decode::<Keyed<TagLite>>(&body).data.len(),
            3 => decode::<List<ClientLite>>(&body).data.len(),
            _ => decode::<Keyed<Value>>(&body).data.len(),
        }
    }
}

fn decode<T: for<'de> Deserialize<'de>>(body: &[u8]) -> T {
    serde_json::from_slice(body).expect("the expected shape")
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct List<T> {
    total: Value,
    data: Vec<T>,
}

#[derive(Deserialize)]
struct Keyed<T> {
    data: HashMap<String, T>,
}

#[derive(Deserialize)]
struct Count {
    count: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SiteLite {
    id: String,
    name: String,
    url: String,
    status: String,
    wp_version: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct TagLite {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ClientLite {
    id: String,
    name: String,
    client_email: String,
}

// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Which {
    Generated,
    HandGeneratedTypes,
    HandValue,
    HandTyped,
}

const NAMES: [&str; 4] = [
    "generated mainwp::Client",
    "reqwest + generated types",
    "reqwest + Value",
    "reqwest + small structs",
];

async fn batch(which: Which, n: usize, client: &mainwp::Client, hand: &Hand) -> usize {
    let mut seen = 0;
    for i in 0..n {
        let op = i % OPERATIONS.len();
        seen += match which {
            Which::Generated => generated(client, op).await,
            Which::HandGeneratedTypes => hand.generated_types(op).await,
            Which::HandValue => hand.value(op).await,
            Which::HandTyped => hand.typed(op).await,
        };
    }
    seen
}

fn interleaved(rt: &Runtime, client: &mainwp::Client, hand: &Hand) {
    let n: usize = std::env::var("BENCH_CLIENT_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let rounds: usize = std::env::var("BENCH_CLIENT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let all = [
        Which::Generated,
        Which::HandGeneratedTypes,
        Which::HandValue,
        Which::HandTyped,
    ];
    // Warm up connections and allocator.
    for which in all {
        rt.block_on(batch(which, 200, client, hand));
    }
    let mut wall: [Vec<Duration>; 4] = Default::default();
    let mut cpu: [Vec<Duration>; 4] = Default::default();
    for round in 0..rounds {
        // Rotate the order so none is always first after a pause.
        for k in 0..all.len() {
            let idx = (round + k) % all.len();
            let (start, start_cpu) = (Instant::now(), thread_cpu_time());
            std::hint::black_box(rt.block_on(batch(all[idx], n, client, hand)));
            wall[idx].push(start.elapsed());
            cpu[idx].push(thread_cpu_time().saturating_sub(start_cpu));
        }
    }
    let medians = |times: [Vec<Duration>; 4]| -> Vec<Duration> {
        times
            .into_iter()
            .map(|mut v| {
                v.sort();
                v[v.len() / 2]
            })
            .collect()
    };
    let (wall, cpu) = (medians(wall), medians(cpu));
    println!(
        "interleaved: {n} sequential requests per batch, {rounds} rounds, median batch \
         (CPU: time this thread was on a CPU, which other processes do not inflate)"
    );
    let per = |d: &Duration| d.as_secs_f64() * 1e6 / n as f64;
    for (k, name) in NAMES.iter().enumerate() {
        println!(
            "  {name:<28} wall {:>9.1?} {:>7.2} us/request   CPU {:>9.1?} {:>7.2} us/request",
            wall[k],
            per(&wall[k]),
            cpu[k],
            per(&cpu[k])
        );
    }
    for (k, name) in NAMES.iter().enumerate().skip(1) {
        println!(
            "  ratio generated / {name:<28} CPU {:.3}   wall {:.3}",
            cpu[0].as_secs_f64() / cpu[k].as_secs_f64(),
            wall[0].as_secs_f64() / wall[k].as_secs_f64()
        );
    }
}

/// The time the calling thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds); zero where that is not available. Client and server run on this one
/// thread, so this is the CPU cost of the batch without the waits for the other cores.
fn thread_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn client_overhead(c: &mut Criterion) {
    let rt = runtime();
    let server = server(&rt);
    let client = mainwp::Client::new(server.url(), TOKEN).expect("a client");
    let hand = Hand::new(&server.url());
    // Profiling aid: `BENCH_CLIENT_PROFILE=generated|generated_types|value|struct` runs only that client
    // (BENCH_CLIENT_N requests, 10 times) and exits, e.g. under `perf record`.
    if let Ok(which) = std::env::var("BENCH_CLIENT_PROFILE") {
        let which = match which.as_str() {
            "generated" => Which::Generated,
            "generated_types" => Which::HandGeneratedTypes,
            "value" => Which::HandValue,
            _ => Which::HandTyped,
        };
        let n: usize = std::env::var("BENCH_CLIENT_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        let start = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(rt.block_on(batch(which, n, &client, &hand)));
        }
        println!("{} requests in {:.1?}", 10 * n, start.elapsed());
        std::process::exit(0);
    }
    if std::env::var_os("BENCH_CLIENT_SKIP_INTERLEAVED").is_none() {
        interleaved(&rt, &client, &hand);
    }
    for (op, (route, _, _)) in OPERATIONS.iter().enumerate() {
        let mut group = c.benchmark_group(format!("client/{route}"));
        group.bench_function("generated", |b| {
            b.iter(|| rt.block_on(generated(&client, op)))
        });
        group.bench_function("hand_generated_types", |b| {
            b.iter(|| rt.block_on(hand.generated_types(op)))
        });
        group.bench_function("hand_value", |b| b.iter(|| rt.block_on(hand.value(op))));
        group.bench_function("hand_struct", |b| b.iter(|| rt.block_on(hand.typed(op))));
        group.finish();
    }
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
