#!/bin/sh
# Runs every built libFuzzer target (build/fuzz/fuzz_*) for SECONDS each: `make fuzz FUZZ_TIME=60`.
# Usage: tests/fuzz/run.sh [SECONDS]
#
# Each target fuzzes a copy of its committed corpus in build/fuzz-work/<target>/, with its
# dictionary when tests/fuzz/<target>.dict exists. Crashes, leaks, timeouts and OOMs are written
# to tests/fuzz/regress/<target>/, where `make test` replays them. With FUZZ_MERGE=1, inputs that
# add coverage are merged back into tests/fuzz/corpus/<target> (commit them). FUZZ_JOBS targets
# run at once (default: the number of CPUs). Exits 1 when any target crashed.
set -u
secs=${1:-60}
case "$secs" in '' | *[!0-9]*)
    echo "usage: $0 [SECONDS]" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/../.." || exit 2
build=${BUILD:-build}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
work=$build/fuzz-work

# run_one NAME: fuzzes one target; its log is $work/NAME.log, its exit code $work/NAME.rc.
run_one() {
    name=$1
    bin=$build/fuzz/$name
    corpus=tests/fuzz/corpus/$name
    regress=tests/fuzz/regress/$name
    dir=$work/$name
    rm -rf "$dir"
    mkdir -p "$dir" "$regress" "$corpus"
    cp -pR "$corpus"/. "$dir/"
    set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$regress/" -print_final_stats=1
    if [ -f "tests/fuzz/$name.dict" ]; then
        set -- "$@" -dict="tests/fuzz/$name.dict"
    fi
    "$bin" "$@" "$dir" >"$work/$name.log" 2>&1
    rc=$?
    if [ "$rc" = 0 ] && [ "${FUZZ_MERGE:-0}" = 1 ]; then
        "$bin" -merge=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -artifact_prefix="$regress/" "$corpus" "$dir" >>"$work/$name.log" 2>&1 || rc=$?
    fi
    echo "$rc" >"$work/$name.rc"
}

report() {
    name=$1
    log=$work/$name.log
    rc=$(cat "$work/$name.rc" 2>/dev/null || echo 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    files=$(find "$work/$name" -type f | wc -l)
    if [ "$rc" = 0 ]; then
        echo "fuzz: $name ok: ${execs:-?} runs in ${secs}s, cov ${cov:-?}, corpus $files files"
    else
        echo "fuzz: $name CRASHED (exit $rc), log $log"
        if grep -qE '==ERROR|^SUMMARY|Test unit written' "$log"; then
            # the error, the frames in our sources, the summary, the saved input
            awk '/==ERROR|^SUMMARY|Test unit written/ { print; n = 0; next }
                 /^    #[0-9]+ .*\/(src|tests)\/[^ ]*\.c:[0-9]/ && n < 6 { print; n++ }' "$log" | head -n 12
        else
            tail -n 8 "$log"
        fi | sed 's/^/    /'
    fi
    [ "$rc" = 0 ]
}

mkdir -p "$work"
names=""
count=0
for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    names="$names $(basename "$bin")"
    count=$((count + 1))
done
if [ -z "$names" ]; then
    echo "fuzz: no targets in $build/fuzz (run make fuzz-bins)" >&2
    exit 1
fi

failed=0
running=0
pending=""
for name in $names; do
    rm -f "$work/$name.rc"
    run_one "$name" &
    running=$((running + 1))
    pending="$pending $name"
    if [ "$running" -ge "$jobs" ]; then
        wait
        for n in $pending; do report "$n" || failed=$((failed + 1)); done
        running=0
        pending=""
    fi
done
wait
for n in $pending; do report "$n" || failed=$((failed + 1)); done

echo "fuzz: $count targets, ${secs}s each, $failed crashed"
[ "$failed" = 0 ]
