//! Decode throughput of a large "List sites" answer (10,000 sites with plugins and
//! themes, built in memory from the collection's example; `BENCH_SITES` to change)
//! into the generated `mainwp::types::ListSitesResponse` and into `serde_json::Value`.
//!
//! To see what the lenient adapters and the `#[serde(flatten)] extra` maps cost, the
//! same answer is also decoded into four hand-written mirrors of the generated types
//! (same members, same order):
//!
//! * `mirror/lenient+flatten`: what the generator emits (checks the mirror is faithful);
//! * `mirror/before_json_text`: the same with members holding JSON text as `String`,
//!   as the generator emitted them before `JsonText` (the baseline of that change);
//! * `mirror/lenient`: the same adapters, no `extra` map;
//! * `mirror/plain+flatten`: plain serde types (`String`, `i64`; `tags` as `Value`
//!   since it is `{}` or `[]`; members holding JSON text as serde_json's `RawValue`),
//!   with the `extra` maps;
//! * `mirror/plain`: plain serde types, no `extra` map.
//!
//! And the path the client really takes (`Client::decode_answer`, what `execute` does
//! with a 2xx answer): the scan for the failure flag (`"success": 0`), then a plain
//! typed decode (path tracking only when it fails). `typed_path_to_error` is how the
//! client decoded before: every value through `serde_path_to_error`.
//!
//! A second group decodes the same answer with 8 members per site that no example
//! shows: the generated types keep them in `extra` (through `#[serde(flatten)]`), the
//! `mirror/lenient` type skips them.
//!
//! Members holding JSON text (`plugins`, `themes`, `recent_posts`, ...) are kept as
//! sent by the typed decode (`mainwp::JsonText`); `typed+plugins_themes` adds decoding
//! every site's `plugins` and `themes` (`JsonText::decode`), and `value+plugins_themes`
//! gets the same lists the `Value` way (parsing the two strings of each site).
//!
//! `decode_small/*` decodes the five answers of the client benchmark (16 B to 6 KB)
//! the same four ways, to account for the client's per-request overhead.
//!
//! First, without criterion, the main rows interleaved (see [`interleaved`]), which is
//! what the ratios are best read from on a busy machine; to run only that part, give a
//! filter that matches no benchmark: `cargo bench -p benchmarks --bench decode -- none`.
//!
//! `cargo bench -p benchmarks --bench decode`

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use benchmarks::examples::large_sites_list;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mainwp_runtime::lenient as de;
use serde::Deserialize;
use serde_json::Value;

fn int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    de::decode::<_, _, de::Int>(d)
}
fn opt_int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    de::decode::<_, _, de::Opt<de::Int>>(d)
}
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    de::decode::<_, _, de::Str>(d)
}
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    de::decode::<_, _, de::Flag>(d)
}
fn same<'de, D: serde::Deserializer<'de>, T: for<'a> Deserialize<'a>>(d: D) -> Result<T, D::Error> {
    de::decode::<_, _, de::Same>(d)
}
fn tags<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    de::decode::<_, _, de::Map<de::Str>>(d)
}
fn list<'de, D: serde::Deserializer<'de>, T: for<'a> Deserialize<'a>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    de::decode::<_, _, de::List<de::Same>>(d)
}

/// A member holding JSON text, as the generated types keep it (the item type does not
/// change the decode: the text is kept, not read).
type Text = mainwp::JsonText<Vec<Value>>;
/// The same member as plain serde_json keeps raw JSON.
type Raw = Box<serde_json::value::RawValue>;

/// Calls `$make!((struct name, extra members...) [fields])` with the members of
/// the item type of `ListSitesResponse::data` (`Site` at the time of writing): (field,
/// JSON name, lenient decoder, lenient type, plain type, and the lenient decoder and type
/// the generated code had before members holding JSON text were `JsonText`).
macro_rules! site_fields {
    ($make:ident ! ($($head:tt)*)) => {
        $make! {($($head)*) [
            (id, "id", "int", i64, String, "int", i64),
            (name, "name", "text", String, String, "text", String),
            (url, "url", "text", String, String, "text", String),
            (tags, "tags", "tags", BTreeMap<String, String>, Value, "tags", BTreeMap<String, String>),
            (note, "note", "text", String, String, "text", String),
            (ip, "ip", "text", String, String, "text", String),
            (client_id, "client_id", "int", i64, String, "int", i64),
            (is_staging, "is_staging", "flag", bool, String, "flag", bool),
            (wp_version, "wp_version", "text", String, String, "text", String),
            (php_version, "php_version", "text", String, String, "text", String),
            (child_version, "child_version", "text", String, String, "text", String),
            (mysql_version, "mysql_version", "text", String, String, "text", String),
            (memory_limit, "memory_limit", "text", String, String, "text", String),
            (database_size, "database_size", "opt_int", Option<i64>, String, "opt_int", Option<i64>),
            (active_theme, "active_theme", "text", String, String, "text", String),
            (status, "status", "text", String, String, "text", String),
            (sync_errors, "sync_errors", "text", String, String, "text", String),
            (http_status, "http_status", "text", String, String, "text", String),
            (health_status, "health_status", "text", String, String, "text", String),
            (health_score, "health_score", "opt_int", Option<i64>, String, "opt_int", Option<i64>),
            (icon, "icon", "text", String, String, "text", String),
            (last_sync, "last_sync", "text", String, String, "text", String),
            (plugins, "plugins", "same", Text, Raw, "text", String),
            (themes, "themes", "same", Text, Raw, "text", String),
            (last_post_time, "last_post_time", "opt_int", Option<i64>, String, "opt_int", Option<i64>),
            (recent_posts, "recent_posts", "same", Text, Raw, "text", String),
            (recent_pages, "recent_pages", "same", Text, Raw, "text", String),
            (recent_comments, "recent_comments", "same", Text, Raw, "text", String),
            (categories, "categories", "same", Text, Raw, "text", String),
            (wp_upgrades, "wp_upgrades", "same", Text, Raw, "text", String),
            (plugin_upgrades, "plugin_upgrades", "same", Text, Raw, "text", String),
            (premium_upgrades, "premium_upgrades", "text", String, String, "text", String),
            (theme_upgrades, "theme_upgrades", "same", Text, Raw, "text", String),
            (translation_upgrades, "translation_upgrades", "same", Text, Raw, "text", String),
            (ignored_plugins, "ignored_plugins", "text", String, String, "text", String),
            (ignored_themes, "ignored_themes", "text", String, String, "text", String),
            (is_ignore_core_updates, "is_ignoreCoreUpdates", "flag", bool, String, "flag", bool),
            (is_ignore_plugin_updates, "is_ignorePluginUpdates", "flag", bool, String, "flag", bool),
            (is_ignore_theme_updates, "is_ignoreThemeUpdates", "flag", bool, String, "flag", bool),
            (verify_certificate, "verify_certificate", "text", String, String, "text", String),
            (force_use_ipv4, "force_use_ipv4", "text", String, String, "text", String),
            (ssl_version, "ssl_version", "text", String, String, "text", String),
            (suspended, "suspended", "flag", bool, String, "flag", bool),
        ]}
    };
}

macro_rules! lenient_site {
    (($name:ident $($extra:tt)*) [$(($f:ident, $json:literal, $with:literal, $lt:ty, $pt:ty, $bwith:literal, $bt:ty),)*]) => {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            $(#[serde(rename = $json, deserialize_with = $with)] $f: $lt,)*
            $($extra)*
        }
    };
}

macro_rules! plain_site {
    (($name:ident $($extra:tt)*) [$(($f:ident, $json:literal, $with:literal, $lt:ty, $pt:ty, $bwith:literal, $bt:ty),)*]) => {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            $(#[serde(rename = $json)] $f: $pt,)*
            $($extra)*
        }
    };
}

/// The generated item type as it was with JSON text as `String`: every such member
/// unescaped into a `String` on each decode.
macro_rules! before_site {
    (($name:ident $($extra:tt)*) [$(($f:ident, $json:literal, $with:literal, $lt:ty, $pt:ty, $bwith:literal, $bt:ty),)*]) => {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            $(#[serde(rename = $json, deserialize_with = $bwith)] $f: $bt,)*
            $($extra)*
        }
    };
}

site_fields!(before_site!(BeforeFlatSite #[serde(flatten)] extra: BTreeMap<String, Value>,));
site_fields!(lenient_site!(LenientFlatSite #[serde(flatten)] extra: BTreeMap<String, Value>,));
site_fields!(lenient_site!(LenientSite));
site_fields!(plain_site!(PlainFlatSite #[serde(flatten)] extra: BTreeMap<String, Value>,));
site_fields!(plain_site!(PlainSite));

#[derive(Deserialize)]
#[allow(dead_code)]
struct LenientFlatList {
    #[serde(deserialize_with = "flag")]
    success: bool,
    #[serde(deserialize_with = "int")]
    total: i64,
    #[serde(deserialize_with = "list")]
    data: Vec<LenientFlatSite>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BeforeFlatList {
    #[serde(deserialize_with = "flag")]
    success: bool,
    #[serde(deserialize_with = "int")]
    total: i64,
    #[serde(deserialize_with = "list")]
    data: Vec<BeforeFlatSite>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct LenientList {
    #[serde(deserialize_with = "flag")]
    success: bool,
    #[serde(deserialize_with = "int")]
    total: i64,
    #[serde(deserialize_with = "list")]
    data: Vec<LenientSite>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainFlatList {
    success: i64,
    total: i64,
    data: Vec<PlainFlatSite>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainList {
    success: i64,
    total: i64,
    data: Vec<PlainSite>,
}

/// The generated item type without the answer-level `extra` map (the items keep
/// theirs): isolates the cost of the outer `#[serde(flatten)]`. Generic so that the
/// bench does not name the generated item type (its name follows the collection).
#[derive(Deserialize)]
#[serde(bound = "T: serde::de::DeserializeOwned")]
#[allow(dead_code)]
struct NoTopFlatten<T> {
    #[serde(deserialize_with = "flag")]
    success: bool,
    #[serde(deserialize_with = "int")]
    total: i64,
    #[serde(deserialize_with = "list")]
    data: Vec<T>,
}

/// Decodes `body` as [`NoTopFlatten`] of the item type of `ListSitesResponse::data`.
fn no_top_flatten<T: for<'de> Deserialize<'de>>(
    body: &[u8],
    _item_of: fn(mainwp::types::ListSitesResponse) -> Vec<T>,
) -> NoTopFlatten<T> {
    serde_json::from_slice(body).expect("decodes")
}

/// The answer, and every site's plugins and themes decoded from their JSON text;
/// returns the answer and how many plugins and themes there were.
fn typed_with_plugins_and_themes(body: &[u8]) -> (mainwp::types::ListSitesResponse, usize) {
    let answer: mainwp::types::ListSitesResponse = serde_json::from_slice(body).expect("ok");
    let mut count = 0;
    for site in &answer.data {
        count += site.plugins.decode().expect("plugins").len();
        count += site.themes.decode().expect("themes").len();
    }
    (answer, count)
}

/// The same as [`typed_with_plugins_and_themes`] by way of `Value`: the answer, and each
/// site's `plugins` and `themes` strings parsed into `Value`s.
fn value_with_plugins_and_themes(body: &[u8]) -> (Value, Vec<(Value, Value)>) {
    let answer: Value = serde_json::from_slice(body).expect("JSON");
    let parse = |text: &Value| -> Value {
        serde_json::from_str(text.as_str().expect("a string")).expect("JSON text")
    };
    let lists = answer["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|site| (parse(&site["plugins"]), parse(&site["themes"])))
        .collect();
    (answer, lists)
}

/// The client's decode of a 2xx answer, as `Client::execute` does it.
fn client_path<T: serde::de::DeserializeOwned>(client: &mainwp::Client, body: &[u8]) -> T {
    client
        .decode_answer(200, Some("application/json"), body)
        .expect("decodes")
}

/// A client for [`client_path`]; it sends nothing.
fn client() -> mainwp::Client {
    mainwp::Client::new("https://dash.example.com", "bench-token").expect("a client")
}

fn decode(c: &mut Criterion) {
    let sites: usize = std::env::var("BENCH_SITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let body = large_sites_list(sites, 0);
    println!(
        "decode: a List sites answer of {sites} sites, {:.1} MB",
        body.len() as f64 / 1e6
    );
    // The inputs decode, and the mirrors agree with the generated type.
    let typed: mainwp::types::ListSitesResponse = serde_json::from_slice(&body).expect("typed");
    assert_eq!(typed.data.len(), sites);
    let mirror: LenientFlatList = serde_json::from_slice(&body).expect("mirror");
    assert_eq!(mirror.data[7].plugins.raw(), typed.data[7].plugins.raw());
    assert_eq!(mirror.data[7].tags, typed.data[7].tags);
    assert_eq!(mirror.data[7].id, typed.data[7].id);
    // The two ways to the plugins and themes see the same lists.
    let (_, typed_count) = typed_with_plugins_and_themes(&body);
    let (_, lists) = value_with_plugins_and_themes(&body);
    let value_count: usize = lists
        .iter()
        .map(|(p, t)| p.as_array().map_or(0, Vec::len) + t.as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(typed_count, value_count);
    drop((typed, mirror));

    let mut group = c.benchmark_group(format!("decode/list_sites_{sites}"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(&body).expect("JSON"))
    });
    group.bench_function("typed", |b| {
        b.iter(|| serde_json::from_slice::<mainwp::types::ListSitesResponse>(&body).expect("ok"))
    });
    let api = client();
    group.bench_function("typed_client_path", |b| {
        b.iter(|| client_path::<mainwp::types::ListSitesResponse>(&api, &body))
    });
    // What it costs to have every site's plugins and themes as well: typed, through
    // `JsonText::decode`; as `Value`s, by parsing the two strings of each site.
    group.bench_function("typed+plugins_themes", |b| {
        b.iter(|| typed_with_plugins_and_themes(&body))
    });
    group.bench_function("value+plugins_themes", |b| {
        b.iter(|| value_with_plugins_and_themes(&body))
    });
    group.bench_function("typed_path_to_error", |b| {
        b.iter(|| {
            let mut d = serde_json::Deserializer::from_slice(&body);
            serde_path_to_error::deserialize::<_, mainwp::types::ListSitesResponse>(&mut d)
                .expect("decodes")
        })
    });
    group.bench_function("typed_without_top_flatten", |b| {
        b.iter(|| no_top_flatten(&body, |answer| answer.data))
    });
    group.bench_function("mirror/before_json_text", |b| {
        b.iter(|| serde_json::from_slice::<BeforeFlatList>(&body).expect("ok"))
    });
    group.bench_function("mirror/lenient+flatten", |b| {
        b.iter(|| serde_json::from_slice::<LenientFlatList>(&body).expect("ok"))
    });
    group.bench_function("mirror/lenient", |b| {
        b.iter(|| serde_json::from_slice::<LenientList>(&body).expect("ok"))
    });
    group.bench_function("mirror/plain+flatten", |b| {
        b.iter(|| serde_json::from_slice::<PlainFlatList>(&body).expect("ok"))
    });
    group.bench_function("mirror/plain", |b| {
        b.iter(|| serde_json::from_slice::<PlainList>(&body).expect("ok"))
    });
    group.finish();

    // Members the examples did not show go through `#[serde(flatten)]` into `extra`:
    // serde buffers each such member as `Content` before making a `Value` of it.
    let unknown = 8;
    let body = large_sites_list(sites, unknown);
    let mut group = c.benchmark_group(format!(
        "decode/list_sites_{sites}_{unknown}_unknown_members"
    ));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(&body).expect("JSON"))
    });
    group.bench_function("typed", |b| {
        b.iter(|| serde_json::from_slice::<mainwp::types::ListSitesResponse>(&body).expect("ok"))
    });
    group.bench_function("mirror/lenient", |b| {
        b.iter(|| serde_json::from_slice::<LenientList>(&body).expect("ok"))
    });
    group.finish();
}

/// The answers of the client benchmark (the collection's saved examples, 16 B to 6 KB):
/// where the client's per-request decode time goes.
fn small(c: &mut Criterion) {
    use benchmarks::examples::example_body;
    use mainwp::types as t;

    fn group<T: serde::de::DeserializeOwned>(c: &mut Criterion, name: &str, body: &[u8]) {
        let mut group = c.benchmark_group(format!("decode_small/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(body).expect("JSON"))
        });
        group.bench_function("typed", |b| {
            b.iter(|| serde_json::from_slice::<T>(body).expect("decodes"))
        });
        group.bench_function("typed_path_to_error", |b| {
            b.iter(|| {
                let mut d = serde_json::Deserializer::from_slice(body);
                serde_path_to_error::deserialize::<_, T>(&mut d).expect("decodes")
            })
        });
        let api = client();
        group.bench_function("typed_client_path", |b| {
            b.iter(|| client_path::<T>(&api, body))
        });
        group.finish();
    }
    let body = |folder, request| example_body(folder, request).into_bytes();
    group::<t::ListSitesResponse>(c, "sites", &body("Sites", "List sites"));
    group::<t::CountSitesResponse>(c, "sites_count", &body("Sites", "Count sites"));
    group::<t::ListTagsResponse>(c, "tags", &body("Tags", "List tags"));
    group::<t::ListClientsResponse>(c, "clients", &body("Clients", "List clients"));
    group::<t::ListUpdatesResponse>(c, "updates", &body("Updates", "List updates"));
}

/// The main rows in rotating order, one decode each, for `BENCH_DECODE_ROUNDS` rounds
/// (default 9; 0 skips): load from other processes hits every decoder alike. Prints the
/// median CPU time of this thread (`/proc/thread-self/schedstat`) and wall time per
/// decoder, and the ratios the issue asks for.
fn interleaved(_: &mut Criterion) {
    let rounds: usize = std::env::var("BENCH_DECODE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    if rounds == 0 {
        return;
    }
    let body = large_sites_list(10_000, 0);
    type Decoder = fn(&[u8]);
    let decoders: [(&str, Decoder); 7] = [
        ("value", |b| {
            std::hint::black_box(serde_json::from_slice::<Value>(b).expect("JSON"));
        }),
        ("typed", |b| {
            std::hint::black_box(
                serde_json::from_slice::<mainwp::types::ListSitesResponse>(b).expect("ok"),
            );
        }),
        ("typed, as the client does (decode_answer)", |b| {
            thread_local!(static CLIENT: mainwp::Client = client());
            CLIENT.with(|c| {
                std::hint::black_box(client_path::<mainwp::types::ListSitesResponse>(c, b));
            });
        }),
        ("typed, JSON text as String (before)", |b| {
            std::hint::black_box(serde_json::from_slice::<BeforeFlatList>(b).expect("ok"));
        }),
        ("value, from text checked first", |b| {
            let text = std::str::from_utf8(b).expect("UTF-8");
            std::hint::black_box(serde_json::from_str::<Value>(text).expect("JSON"));
        }),
        ("typed + plugins/themes decoded", |b| {
            std::hint::black_box(typed_with_plugins_and_themes(b));
        }),
        ("value + plugins/themes parsed", |b| {
            std::hint::black_box(value_with_plugins_and_themes(b));
        }),
    ];
    for (_, decode) in &decoders {
        decode(&body);
    }
    let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); decoders.len()];
    let mut wall: Vec<Vec<Duration>> = vec![Vec::new(); decoders.len()];
    for round in 0..rounds {
        for k in 0..decoders.len() {
            let i = (round + k) % decoders.len();
            let (start, start_cpu) = (Instant::now(), thread_cpu_time());
            decoders[i].1(&body);
            wall[i].push(start.elapsed());
            cpu[i].push(thread_cpu_time().saturating_sub(start_cpu));
        }
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let cpu: Vec<Duration> = cpu.into_iter().map(median).collect();
    let wall: Vec<Duration> = wall.into_iter().map(median).collect();
    println!(
        "decode/interleaved: {:.1} MB, {rounds} rounds, medians (CPU / wall):",
        body.len() as f64 / 1e6
    );
    for (i, (name, _)) in decoders.iter().enumerate() {
        println!("  {name:<40} {:>8.1?} / {:>8.1?}", cpu[i], wall[i]);
    }
    let ratio = |a: usize, b: usize| cpu[a].as_secs_f64() / cpu[b].as_secs_f64();
    println!(
        "  value / typed:                                 {:.2}",
        ratio(0, 1)
    );
    println!(
        "  before / typed:                                {:.2}",
        ratio(3, 1)
    );
    println!(
        "  value + parsed / typed + decoded (plugins, themes): {:.2}",
        ratio(6, 5)
    );
    println!(
        "  value / typed as the client does:              {:.2}",
        ratio(0, 2)
    );
    println!(
        "  both from text checked first: value / client:  {:.2}",
        ratio(4, 2)
    );
}

/// The time the calling thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds; zero elsewhere).
fn thread_cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

criterion_group!(benches, interleaved, decode, small);
criterion_main!(benches);
