//! Stable fallback for `cargo fuzz run generate`: runs the same target function over
//! mutations of the seed corpus (the fixture collections) without libFuzzer, so it
//! needs no nightly toolchain and no sanitizer.
//!
//! ```text
//! cargo run --release --no-default-features --bin stable-fuzz -- [--iterations N] [--seconds S] [--seed X]
//! ```
//!
//! Mutations are JSON-aware most of the time (replace, delete, duplicate or splice a
//! node, rename a key, stress a string with `{{`, `:` or unicode), so inputs get past
//! the parser into lowering and emitting; the rest are byte-level. Each distinct
//! panic (by location) is minimised and written to `fuzz/artifacts/stable/`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

/// Names and fragments that stress identifier making and url handling.
const HAZARDS: &[&str] = &[
    "",
    " ",
    "_",
    "0",
    "123",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "gen",
    "async",
    "r#type",
    "Client",
    "Error",
    "Result",
    "String",
    "Vec",
    "Option",
    "send",
    "body",
    "to_request",
    "stream",
    "new",
    "clone",
    "client",
    "extra",
    "data",
    "items",
    "page",
    "per_page",
    "id_domain",
    "runtime",
    "types",
    "params",
    "serde",
    "std",
    "{{",
    "}}",
    "{{baseUrl}}",
    "{{a}}{{b}}",
    ":id",
    ":",
    "/",
    "//",
    "?",
    "?a=1&a=2",
    "#",
    "%",
    "%zz",
    "\\",
    "\"",
    "`",
    "\n",
    "\r",
    "\u{202e}",
    "```",
    "<b>",
    "[x](y)",
    "é",
    "日本",
    "🚀",
    "\u{200b}",
    "\u{0}",
    "https://a.example/x",
    "raw",
    "urlencoded",
    "formdata",
    "file",
    "graphql",
    "json",
    "xml",
    "noauth",
    "bearer",
    "apikey",
    "query",
    "success",
    "message",
    "code",
    "-1",
    "18446744073709551616",
    "1e400",
];

/// xorshift64*: small, fast, reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn hazard(&mut self) -> &'static str {
        HAZARDS[self.below(HAZARDS.len())]
    }
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => Value::from(rng.below(3) as i64),
        3 => Value::from(rng.next() as i64),
        4 => serde_json::Number::from_f64((rng.next() % 10_000) as f64 / 7.0)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        5 => Value::String(String::new()),
        6 => Value::String((rng.below(100)).to_string()),
        _ => Value::String(rng.hazard().to_string()),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.chance(60) {
        return random_scalar(rng);
    }
    if rng.chance(50) {
        let len = rng.below(4);
        Value::Array((0..len).map(|_| random_value(rng, depth - 1)).collect())
    } else {
        let len = rng.below(4);
        let mut map = Map::new();
        for _ in 0..len {
            map.insert(rng.hazard().to_string(), random_value(rng, depth - 1));
        }
        Value::Object(map)
    }
}

/// Every node of `value` as a JSON pointer.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn parent_and_last(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

/// One JSON-aware mutation of `value`; `donors` are other seeds to splice from.
fn mutate_json(rng: &mut Rng, value: &mut Value, donors: &[Value]) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let target = all[rng.below(all.len())].clone();
    match rng.below(10) {
        // Replace with something random.
        0 | 1 => {
            if let Some(node) = value.pointer_mut(&target) {
                *node = random_value(rng, 3);
            }
        }
        // Splice in a node of another seed.
        2 | 3 => {
            if donors.is_empty() {
                return;
            }
            let donor = &donors[rng.below(donors.len())];
            let mut theirs = Vec::new();
            pointers(donor, String::new(), &mut theirs);
            let pick = &theirs[rng.below(theirs.len())];
            if let (Some(node), Some(replacement)) =
                (value.pointer_mut(&target), donor.pointer(pick))
            {
                *node = replacement.clone();
            }
        }
        // Delete it from its parent.
        4 => {
            if let Some((parent, last)) = parent_and_last(&target) {
                match value.pointer_mut(parent) {
                    Some(Value::Array(items)) => {
                        if let Ok(index) = last.parse::<usize>() {
                            if index < items.len() {
                                items.remove(index);
                            }
                        }
                    }
                    Some(Value::Object(members)) => {
                        members.shift_remove(&last);
                    }
                    _ => {}
                }
            }
        }
        // Duplicate it inside its parent array, or rename its key.
        5 => {
            if let Some((parent, last)) = parent_and_last(&target) {
                match value.pointer_mut(parent) {
                    Some(Value::Array(items)) => {
                        if let Ok(index) = last.parse::<usize>() {
                            if index < items.len() {
                                let copy = items[index].clone();
                                let at = rng.below(items.len() + 1);
                                items.insert(at, copy);
                            }
                        }
                    }
                    Some(Value::Object(members)) => {
                        if let Some(member) = members.shift_remove(&last) {
                            members.insert(rng.hazard().to_string(), member);
                        }
                    }
                    _ => {}
                }
            }
        }
        // Stress a string: replace, prefix, suffix or insert a hazard.
        6 | 7 => {
            if let Some(Value::String(text)) = value.pointer_mut(&target) {
                let hazard = rng.hazard();
                match rng.below(4) {
                    0 => *text = hazard.to_string(),
                    1 => text.insert_str(0, hazard),
                    2 => text.push_str(hazard),
                    _ => {
                        let mut at = rng.below(text.len() + 1);
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        text.insert_str(at, hazard);
                    }
                }
            } else if let Some(node) = value.pointer_mut(&target) {
                *node = Value::String(rng.hazard().to_string());
            }
        }
        // Change a type: wrap in an array, or make it empty.
        8 => {
            if let Some(node) = value.pointer_mut(&target) {
                *node = match rng.below(4) {
                    0 => Value::Array(vec![node.take()]),
                    1 => Value::Object(Map::new()),
                    2 => Value::Array(Vec::new()),
                    _ => Value::String(node.to_string()),
                };
            }
        }
        // Add a member with a random key.
        _ => {
            if let Some(Value::Object(members)) = value.pointer_mut(&target) {
                members.insert(rng.hazard().to_string(), random_value(rng, 2));
            } else if let Some(Value::Array(items)) = value.pointer_mut(&target) {
                items.push(random_value(rng, 2));
            }
        }
    }
}

/// One byte-level mutation.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    match rng.below(5) {
        0 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
        1 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            let len = rng.below(16).min(bytes.len() - at);
            bytes.drain(at..at + len);
        }
        2 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            let len = rng.below(32).min(bytes.len() - at);
            let chunk = bytes[at..at + len].to_vec();
            let to = rng.below(bytes.len());
            bytes.splice(to..to, chunk);
        }
        _ => {
            let at = rng.below(bytes.len() + 1);
            let hazard = rng.hazard().as_bytes().to_vec();
            bytes.splice(at..at, hazard);
        }
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Runs the target; on a panic returns `(location, message)`.
fn run(input: &[u8]) -> Option<(String, String)> {
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| mainwp_codegen_fuzz::generate(input)));
    match outcome {
        Ok(()) => None,
        Err(_) => Some(
            LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_default(),
        ),
    }
}

/// Shrinks a crashing input while it crashes at the same place: JSON nodes first
/// (delete members and elements, simplify values), then bytes.
fn minimise(input: &[u8], location: &str) -> Vec<u8> {
    let crashes = |candidate: &[u8]| run(candidate).is_some_and(|(at, _)| at == location);
    let mut best = input.to_vec();
    if let Ok(mut value) = serde_json::from_slice::<Value>(&best) {
        let mut progress = true;
        while progress {
            progress = false;
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            for pointer in all {
                let Some((parent, last)) = parent_and_last(&pointer) else {
                    continue;
                };
                let mut candidate = value.clone();
                let removed = match candidate.pointer_mut(parent) {
                    Some(Value::Array(items)) => match last.parse::<usize>() {
                        Ok(index) if index < items.len() => {
                            items.remove(index);
                            true
                        }
                        _ => false,
                    },
                    Some(Value::Object(members)) => members.shift_remove(&last).is_some(),
                    _ => false,
                };
                let text = serde_json::to_vec(&candidate).unwrap_or_default();
                if removed && crashes(&text) {
                    value = candidate;
                    progress = true;
                    break;
                }
                // Simplify instead of delete: containers to empty, strings shorter.
                let mut candidate = value.clone();
                let simpler = match candidate.pointer_mut(&pointer) {
                    Some(node @ (Value::Array(_) | Value::Object(_))) if !is_empty(node) => {
                        *node = match node {
                            Value::Array(_) => Value::Array(Vec::new()),
                            _ => Value::Object(Map::new()),
                        };
                        true
                    }
                    Some(Value::String(text)) if text.chars().count() > 1 => {
                        let keep: String = text.chars().take(text.chars().count() / 2).collect();
                        *text = keep;
                        true
                    }
                    _ => false,
                };
                let text = serde_json::to_vec(&candidate).unwrap_or_default();
                if simpler && crashes(&text) {
                    value = candidate;
                    progress = true;
                    break;
                }
            }
        }
        best = serde_json::to_vec(&value).unwrap_or(best);
    }
    // Bytes: drop chunks of shrinking size.
    let mut chunk = best.len() / 2;
    while chunk > 0 {
        let mut at = 0;
        while at < best.len() {
            let end = (at + chunk).min(best.len());
            let mut candidate = best.clone();
            candidate.drain(at..end);
            if crashes(&candidate) {
                best = candidate;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    best
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => true,
    }
}

fn main() {
    let mut iterations: Option<u64> = None;
    let mut seconds: Option<u64> = None;
    let mut seed: u64 = 0x5eed_1234_abcd_ef01;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--iterations", Some(v)) => iterations = Some(v),
            ("--seconds", Some(v)) => seconds = Some(v),
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!(
                    "usage: stable-fuzz [--iterations N] [--seconds S] [--seed X] (default: 20000 iterations)"
                );
                std::process::exit(2);
            }
        }
    }
    if iterations.is_none() && seconds.is_none() {
        iterations = Some(20_000);
    }
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));

    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some((location, message)));
    }));

    let seeds: Vec<Vec<u8>> = mainwp_codegen_fuzz::seed_files()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    assert!(!seeds.is_empty(), "no seed corpus found");
    let parsed: Vec<Value> = seeds
        .iter()
        .filter_map(|s| serde_json::from_slice(s).ok())
        .collect();
    println!(
        "stable-fuzz: {} seeds ({} JSON), seed {seed:#x}, {}",
        seeds.len(),
        parsed.len(),
        match (iterations, seconds) {
            (Some(n), _) => format!("{n} iterations"),
            (None, Some(s)) => format!("{s} s"),
            _ => String::new(),
        }
    );

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/stable");
    let mut rng = Rng(seed | 1);
    let mut crashes: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let started = Instant::now();
    let mut done: u64 = 0;
    // Seeds themselves first.
    for seed_input in &seeds {
        if let Some((location, message)) = run(seed_input) {
            crashes
                .entry(location)
                .or_insert((message, seed_input.clone()));
        }
    }
    loop {
        if iterations.is_some_and(|n| done >= n) || deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let input = if !parsed.is_empty() && rng.chance(80) {
            let mut value = parsed[rng.below(parsed.len())].clone();
            for _ in 0..1 + rng.below(4) {
                mutate_json(&mut rng, &mut value, &parsed);
            }
            let mut bytes = if rng.chance(50) {
                serde_json::to_vec(&value)
            } else {
                serde_json::to_vec_pretty(&value)
            }
            .unwrap_or_default();
            if rng.chance(5) {
                mutate_bytes(&mut rng, &mut bytes);
            }
            bytes
        } else {
            let mut bytes = seeds[rng.below(seeds.len())].clone();
            for _ in 0..1 + rng.below(8) {
                mutate_bytes(&mut rng, &mut bytes);
            }
            bytes
        };
        if let Some((location, message)) = run(&input) {
            if let std::collections::btree_map::Entry::Vacant(entry) = crashes.entry(location) {
                println!("[{done}] new crash at {}: {message}", entry.key());
                entry.insert((message, input));
            }
        }
        done += 1;
        if done.is_multiple_of(5000) {
            println!(
                "[{done}] {:.0?} elapsed, {} distinct crashes",
                started.elapsed(),
                crashes.len()
            );
        }
    }
    println!(
        "stable-fuzz: {done} inputs in {:.1?}, {} distinct crashes",
        started.elapsed(),
        crashes.len()
    );
    if crashes.is_empty() {
        return;
    }
    std::fs::create_dir_all(&artifacts).expect("fuzz/artifacts/stable");
    for (index, (location, (message, input))) in crashes.iter().enumerate() {
        let small = minimise(input, location);
        let path = artifacts.join(format!("crash-{index}.json"));
        std::fs::write(&path, &small).expect("writing the artifact");
        println!(
            "crash {index} at {location}: {message}\n  minimised to {} bytes: {}\n  {}",
            small.len(),
            path.display(),
            String::from_utf8_lossy(&small)
        );
    }
    std::process::exit(1);
}
