#!/usr/bin/env bash
# This project against the route a Rust user would otherwise take, in one run,
# interleaved, whole processes (see BENCHMARKS.md, "Side by side"):
#
#   ours:  the release `xtask` binary: `xtask codegen --collection C --out D --name N`
#   usual: `postman2openapi -f json C` (postman2openapi-cli 1.2.1), then
#          `cargo progenitor -i spec.json -o D -n N -v 0.1.0` (cargo-progenitor 0.15.1)
#
# progenitor refuses the converted MainWP spec because of its one multipart request
# (`POST /users/import`, "Import users"): between the two tools the script deletes every
# operation with a `multipart/form-data` body from the spec (with jq, not timed). The
# usual route's time is the sum of the two tools' processes.
#
# Measured, each pair alternating ours / usual run after run:
#   1. codegen on the MainWP collection, on 10x and on 100x of it (benchmarks/src/synth.rs,
#      every copy with its own member names, so its own types);
#   2. build of each generated crate (from the 1x collection) alone, debug, its
#      dependencies already built: after `cargo clean -p <crate>`, and after
#      `touch src/lib.rs`.
# Each figure is the median of its runs; the ratio is ours / usual (below 1: ours faster).
# Then, so that one run gives every figure of issue 15, the interleaved parts of the
# client and decode benchmarks (benchmarks/benches/client.rs, decode.rs):
#   3. the generated client against hand-written reqwest + serde into the same types,
#      CPU time per batch of requests to a local server (ratio: at most 1.05);
#   4. decoding a large answer into the generated types against `serde_json::Value`, as
#      the client decodes (ratio value / typed: at least 2).
#
#   benchmarks/side-by-side.sh [scratch-dir]        (default /tmp/side-by-side)
#
# Environment: TOOLS (default /tmp/usual-route: where the two tools are installed with
# `cargo install --root`, kept between runs so reruns do not rebuild them), RUNS_1X (5),
# RUNS_10X (3), RUNS_100X (1; 0 skips 100x), BUILD_RUNS (3), BENCH_ROUNDS (11; 0 skips
# sections 3 and 4), KEEP=1 to keep the scratch directory (generated crates, specs, the
# build target dir) afterwards.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools=${TOOLS:-/tmp/usual-route}
work=${1:-/tmp/side-by-side}
runs_1x=${RUNS_1X:-5}
runs_10x=${RUNS_10X:-3}
runs_100x=${RUNS_100X:-1}
build_runs=${BUILD_RUNS:-3}
bench_rounds=${BENCH_ROUNDS:-11}
export CARGO_INCREMENTAL=0

load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== side by side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(load)"
echo "   $(rustc -V), commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (with uncommitted changes)')"

# --- tools -------------------------------------------------------------------------------
install_tool() { # crate binary version
    if ! { [[ -x $tools/bin/$2 ]] && grep -qF "\"$1 $3 " "$tools/.crates.toml" 2>/dev/null; }; then
        echo "installing $1 $3 into $tools (once; kept for later runs)"
        cargo install --quiet --locked --root "$tools" "$1" --version "$3"
    fi
}
install_tool postman2openapi-cli postman2openapi 1.2.1
install_tool cargo-progenitor cargo-progenitor 0.15.1
p2o="$tools/bin/postman2openapi"
progenitor="$tools/bin/cargo-progenitor"
(cd "$root" && cargo build --quiet --release -p xtask -p benchmarks --bin xtask --bin synth-collection)
xtask="$root/target/release/xtask"

# --- inputs ------------------------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work/in" "$work/out"
# Copies outside the repository: with the committed file, `xtask codegen` would also
# compare against the collection at git HEAD, which is not part of generating.
cp "$root/collection/mainwp-rest-api-v2.postman_collection.json" "$work/in/x1.postman_collection.json"
factors=(1 10)
((runs_100x > 0)) && factors+=(100)
for f in "${factors[@]}"; do
    ((f > 1)) && "$root/target/release/synth-collection" "$f" "$work/in/x$f.postman_collection.json"
    printf '   x%-3s %s requests, %s MB\n' "$f" \
        "$(grep -c '"request"' "$work/in/x$f.postman_collection.json")" \
        "$(du -m "$work/in/x$f.postman_collection.json" | cut -f1)"
done

# Deletes the operations progenitor cannot generate (multipart bodies), and paths left empty.
drop_multipart='
  .paths |= with_entries(
      .value |= with_entries(select((.value | type) != "object"
          or .value.requestBody.content["multipart/form-data"] == null))
    | select(.value | to_entries | map(select(.key != "parameters")) | length > 0))'

ours_codegen() { # factor -> seconds
    local out="$work/out/ours-x$1" start end
    rm -rf "$out"
    start=$(now)
    "$xtask" codegen --collection "$work/in/x$1.postman_collection.json" --out "$out" \
        --name mainwp >"$work/out/ours-x$1.log" 2>&1
    end=$(now)
    elapsed "$start" "$end"
}

usual_codegen() { # factor -> seconds (postman2openapi + progenitor, the jq step excluded)
    local out="$work/out/usual-x$1" raw="$work/out/spec-x$1.raw.json" spec="$work/out/spec-x$1.json"
    local s1 e1 s2 e2
    rm -rf "$out"
    s1=$(now)
    "$p2o" -f json "$work/in/x$1.postman_collection.json" >"$raw"
    e1=$(now)
    jq "$drop_multipart" "$raw" >"$spec"
    s2=$(now)
    if ! "$progenitor" progenitor -i "$spec" -o "$out" -n mainwp-progenitor -v 0.1.0 \
        >"$work/out/usual-x$1.log" 2>&1; then
        echo failed
        return
    fi
    e2=$(now)
    awk -v a="$(elapsed "$s1" "$e1")" -v b="$(elapsed "$s2" "$e2")" 'BEGIN { printf "%.3f", a + b }'
}

declare -A result
echo
echo "== 1. codegen, whole processes (median; runs alternate ours / usual)"
printf '   %-6s %-5s %10s %10s %8s   %s\n' factor runs ours usual ratio "load before"
for f in "${factors[@]}"; do
    case $f in 1) n=$runs_1x ;; 10) n=$runs_10x ;; *) n=$runs_100x ;; esac
    before=$(load)
    ours=() usual=()
    for _ in $(seq "$n"); do
        ours+=("$(ours_codegen "$f")")
        usual+=("$(usual_codegen "$f")")
    done
    o=$(median "${ours[@]}")
    if [[ " ${usual[*]} " == *" failed "* ]]; then
        printf '   x%-5s %-5s %9ss %10s %8s   %s   (usual: %s)\n' "$f" "$n" "$o" failed - "$before" \
            "$(grep -m1 -iE 'error|fail' "$work/out/usual-x$f.log")"
        continue
    fi
    u=$(median "${usual[@]}")
    result[codegen_x$f]="$o $u"
    printf '   x%-5s %-5s %9ss %9ss %8s   %s   (ours: %s; usual: %s)\n' "$f" "$n" "$o" "$u" \
        "$(ratio "$o" "$u")" "$before" "${ours[*]}" "${usual[*]}"
done
for f in "${factors[@]}"; do
    printf '   ours x%-4s %s\n' "$f" "$(head -n 1 "$work/out/ours-x$f.log")"
done
echo "   usual x1: $(find "$work/out/usual-x1/src" -name '*.rs' | xargs cat | wc -l) lines of Rust;" \
    "ours x1: $(find "$work/out/ours-x1/src" -name '*.rs' | xargs cat | wc -l) lines (src/, runtime included)"

echo
echo "== 2. build of the generated crate alone (x1, debug, dependencies built; median)"
export CARGO_TARGET_DIR="$work/target"
cp "$root/Cargo.lock" "$work/out/ours-x1/Cargo.lock"
build_quiet() { (cd "$1" && cargo build --quiet 2>"$work/out/build.err") || {
    cat "$work/out/build.err"
    exit 1
}; }
timed_build() { # dir -> seconds
    local start end
    start=$(now)
    build_quiet "$1"
    end=$(now)
    elapsed "$start" "$end"
}
echo "   dependencies (not timed) ..."
build_quiet "$work/out/ours-x1"
build_quiet "$work/out/usual-x1"
clean_ours=() clean_usual=() touch_ours=() touch_usual=()
before=$(load)
for _ in $(seq "$build_runs"); do
    (cd "$work/out/ours-x1" && cargo clean --quiet -p mainwp)
    clean_ours+=("$(timed_build "$work/out/ours-x1")")
    (cd "$work/out/usual-x1" && cargo clean --quiet -p mainwp-progenitor)
    clean_usual+=("$(timed_build "$work/out/usual-x1")")
    touch "$work/out/ours-x1/src/lib.rs"
    touch_ours+=("$(timed_build "$work/out/ours-x1")")
    touch "$work/out/usual-x1/src/lib.rs"
    touch_usual+=("$(timed_build "$work/out/usual-x1")")
done
printf '   %-34s %9s %9s %8s\n' measure ours usual ratio
for m in clean touch; do
    declare -n o_runs="${m}_ours" u_runs="${m}_usual"
    o=$(median "${o_runs[@]}") u=$(median "${u_runs[@]}")
    result[build_$m]="$o $u"
    label=$([[ $m == clean ]] && echo "after cargo clean -p" || echo "after touch src/lib.rs")
    printf '   %-34s %8ss %8ss %8s   (ours: %s; usual: %s)\n' "$label" "$o" "$u" "$(ratio "$o" "$u")" \
        "${o_runs[*]}" "${u_runs[*]}"
    unset -n o_runs u_runs
done
echo "   load before: $before, after: $(load)"

unset CARGO_TARGET_DIR
if ((bench_rounds > 0)); then
    echo
    echo "== 3. client per request: generated / hand-written (CPU per batch; goal <= 1.05)"
    echo "   load before: $(load)"
    (cd "$root" && BENCH_CLIENT_N=20000 BENCH_CLIENT_ROUNDS=$bench_rounds \
        cargo bench --quiet -p benchmarks --bench client -- no-such-bench 2>/dev/null) |
        grep -E '^ ' | tee "$work/client.txt"
    result[client]=$(awk '/ratio generated \/ reqwest \+ generated types/ { print $(NF - 2) }' \
        "$work/client.txt")

    echo
    echo "== 4. decode: serde_json::Value / generated types (CPU; goal >= 2)"
    echo "   load before: $(load)"
    (cd "$root" && BENCH_DECODE_ROUNDS=$bench_rounds \
        cargo bench --quiet -p benchmarks --bench decode -- none 2>/dev/null) |
        grep -E '^ |^decode/' | tee "$work/decode.txt"
    result[decode]=$(awk '/value \/ typed as the client does/ { print $NF }' "$work/decode.txt")
fi

echo
echo "== summary: ours / usual (goal: codegen <= 0.10, crate build <= 0.50)"
for key in codegen_x1 codegen_x10 codegen_x100 build_clean build_touch; do
    [[ -n ${result[$key]:-} ]] || continue
    read -r o u <<<"${result[$key]}"
    printf '   %-14s %s\n' "$key" "$(ratio "$o" "$u")"
done
[[ -n ${result[client]:-} ]] && printf '   %-14s %s   (generated / hand-written typed, goal <= 1.05)\n' client "${result[client]}"
[[ -n ${result[decode]:-} ]] && printf '   %-14s %s   (Value / typed, goal >= 2)\n' decode "${result[decode]}"
echo "   load at the end: $(load)"

if [[ ${KEEP:-0} != 1 ]]; then
    rm -rf "$work"
fi
