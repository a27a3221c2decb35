#!/usr/bin/env bash
# Build cost of the generated crate alone (see BENCHMARKS.md, "Build cost").
#
# Copies generated/ into a scratch directory as a standalone crate with its own target
# directory (so the workspace's target dir and other people's builds are not touched),
# builds its dependencies once, then times clean builds of the `mainwp` crate only
# (`cargo clean -p mainwp` before each), writes a `cargo build --timings` report and
# the `cargo llvm-lines` table (install with `cargo install cargo-llvm-lines`).
#
#   benchmarks/build-cost.sh [scratch-dir]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/mainwp-build-cost.XXXXXX)}
rm -rf "$work/mainwp"
mkdir -p "$work"
cp -r "$root/generated" "$work/mainwp"
printf '\n[workspace]\n' >>"$work/mainwp/Cargo.toml"
cp "$root/Cargo.lock" "$work/mainwp/Cargo.lock"
cd "$work/mainwp"
export CARGO_TARGET_DIR="$work/target"

echo "== scratch copy: $work/mainwp (load: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "== lines (wc -l)"
find src -name '*.rs' -not -path 'src/runtime/*' -print0 | xargs -0 cat | wc -l | sed 's/^/generated modules: /'
find src/runtime -name '*.rs' -print0 | xargs -0 cat | wc -l | sed 's/^/runtime (copied): /'
wc -l src/types.rs | sed 's/^/  of which types.rs: /'
find tests -name '*.rs' -print0 | xargs -0 cat | wc -l | sed 's/^/tests: /'

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f s", e - s }'
}

echo "== cold build, dependencies included (cargo build)"
echo "cargo build (cold): $(seconds cargo build)"
# Dependencies for the other profiles, untimed.
cargo build --release >/dev/null 2>&1
cargo check >/dev/null 2>&1
cargo check --release >/dev/null 2>&1

echo "== the mainwp crate alone, dependencies built (median of ${BUILD_COST_RUNS:=3} runs)"
for mode in "build" "build --release" "check" "check --release"; do
    times=()
    for _ in $(seq "$BUILD_COST_RUNS"); do
        # shellcheck disable=SC2086
        cargo clean -p mainwp $([[ $mode == *--release* ]] && echo --release) >/dev/null 2>&1
        # shellcheck disable=SC2086
        times+=("$(seconds cargo $mode)")
    done
    printf 'cargo %-16s %s   (runs: %s)\n' "$mode" \
        "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((BUILD_COST_RUNS + 1) / 2))p")" \
        "${times[*]}"
done

echo "== cargo build --timings (debug, mainwp only)"
cargo clean -p mainwp >/dev/null 2>&1
cargo build --timings >/dev/null 2>&1
ls "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html | tail -1

if command -v cargo-llvm-lines >/dev/null; then
    echo "== cargo llvm-lines --lib (debug), top 40"
    cargo llvm-lines --lib 2>/dev/null | head -44
fi
