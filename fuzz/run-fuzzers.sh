#!/bin/sh
# Configures fuzz/ with clang in BUILD_DIR (default build/fuzz-build), builds the libFuzzer
# targets and runs each for a bounded time over its seed corpus (fuzz/corpus/<target>).
#   fuzz/run-fuzzers.sh [BUILD_DIR]
# Environment: OUTPOST_FUZZ_SECONDS (per target, default 15), OUTPOST_FUZZ_TARGETS (a
# space-separated subset), OUTPOST_FUZZ_JOBS (build parallelism, default nproc).
# New inputs go to BUILD_DIR/work/<target>, never into the repository; a crash leaves its input
# in BUILD_DIR/artifacts and fails the run. The seeds are replayed first, so a kept crashing
# input (regress-* in a corpus) fails at once if its bug comes back.
set -eu
SRC="$(cd "$(dirname "$0")" && pwd)"
BUILD="${1:-$SRC/../build/fuzz-build}"
SECONDS_PER_TARGET="${OUTPOST_FUZZ_SECONDS:-15}"
TARGETS="${OUTPOST_FUZZ_TARGETS:-fuzz_protocol fuzz_formdefinition fuzz_expression fuzz_csv fuzz_requestparser fuzz_recordvalues fuzz_tusheaders}"
JOBS="${OUTPOST_FUZZ_JOBS:-$(nproc)}"

if ! command -v clang++ >/dev/null 2>&1; then
    echo "run-fuzzers: clang++ is not installed (run scripts/install-deps.sh)" >&2
    exit 1
fi
GENERATOR=""
command -v ninja >/dev/null 2>&1 && GENERATOR="-G Ninja"
# shellcheck disable=SC2086
cmake -S "$SRC" -B "$BUILD" $GENERATOR -DCMAKE_CXX_COMPILER=clang++ -DOUTPOST_BUILD_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# shellcheck disable=SC2086
cmake --build "$BUILD" --parallel "$JOBS" --target $TARGETS

mkdir -p "$BUILD/artifacts"
# Leaks are not our findings here (Qt keeps global state); stack overflow and UB are.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for target in $TARGETS; do
    work="$BUILD/work/$target"
    mkdir -p "$work"
    dict=""
    [ -f "$SRC/$target.dict" ] && dict="-dict=$SRC/$target.dict"
    echo "run-fuzzers: $target for ${SECONDS_PER_TARGET}s"
    # shellcheck disable=SC2086
    if ! "$BUILD/$target" "$work" "$SRC/corpus/$target" $dict -max_total_time="$SECONDS_PER_TARGET" \
        -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$BUILD/artifacts/$target-" >"$BUILD/$target.log" 2>&1; then
        tail -n 60 "$BUILD/$target.log"
        echo "run-fuzzers: $target FAILED (log: $BUILD/$target.log)" >&2
        status=1
    else
        grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|#[0-9]+[[:space:]]+DONE)' \
            "$BUILD/$target.log" || true
    fi
done
exit $status
