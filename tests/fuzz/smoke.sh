#!/bin/sh
# The fuzz-smoke stage of `make test` (after `make fuzz-bins`). For each tests/fuzz/fuzz_*.c:
#  (a) replays tests/fuzz/regress/<target>/ and tests/fuzz/corpus/<target>/ through the plain gcc
#      driver build/fuzz-replay/<target>;
#  (b) fuzzes build/fuzz/<target> for SECONDS on a temporary copy of the corpus and the saved
#      crashes (so the sanitizers see the crashes again too), with artifacts in a temporary folder;
#      a new crash is copied into tests/fuzz/regress/<target>/ so that it is replayed from now on.
# A target passes when both are clean; a missing binary fails. Prints one line per target, then
# "fuzz-smoke: N passed, N failed". Usage: tests/fuzz/smoke.sh [SECONDS_PER_TARGET]
set -u
secs=${1:-5}
case "$secs" in '' | *[!0-9]*)
    echo "usage: $0 [SECONDS_PER_TARGET]" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/../.." || exit 2
build=${BUILD:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zona-fuzz-smoke.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

# Prints the tail of a log, indented, under a failed target's line.
show() {
    if grep -qE '==ERROR|^SUMMARY|crashed on input' "$1"; then
        # the error, the frames in our sources, the summary, the saved input
        awk '/==ERROR|^SUMMARY|crashed on input|Test unit written/ { print; n = 0; next }
             /^    #[0-9]+ .*\/(src|tests)\/[^ ]*\.c:[0-9]/ && n < 6 { print; n++ }' "$1" | head -n 12
    else
        tail -n 6 "$1"
    fi | sed 's/^/      /'
}

# Copies an artifact into the regress folder unless a file with the same bytes is there.
keep() {
    art=$1
    regress=$2
    for f in "$regress"/*; do
        if [ -f "$f" ] && cmp -s "$art" "$f"; then
            echo "      (already saved as $f)"
            return 0
        fi
    done
    cp "$art" "$regress/$(basename "$art")"
    echo "      saved as $regress/$(basename "$art")"
}

for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    corpus=tests/fuzz/corpus/$name
    regress=tests/fuzz/regress/$name
    replay=$build/fuzz-replay/$name
    fuzz=$build/fuzz/$name
    mkdir -p "$regress"
    ok=1
    why=""

    # (a) replay without libFuzzer
    if [ ! -x "$replay" ]; then
        ok=0
        why="$why; missing $replay"
        ran="-"
    else
        set -- "$regress"
        [ -d "$corpus" ] && set -- "$@" "$corpus"
        "$replay" "$@" >"$tmp/$name.replay.log" 2>&1
        rc=$?
        ran=$(sed -n 's/^replay: \([0-9]*\) inputs ran$/\1/p' "$tmp/$name.replay.log")
        if [ "$rc" != 0 ]; then
            ok=0
            why="$why; replay exit $rc"
            replay_log=$tmp/$name.replay.log
        fi
    fi

    # (b) a short libFuzzer run
    execs="-"
    if [ ! -x "$fuzz" ]; then
        ok=0
        why="$why; missing $fuzz"
    else
        work=$tmp/$name
        mkdir -p "$work/corpus" "$work/artifacts"
        [ -d "$corpus" ] && cp -pR "$corpus"/. "$work/corpus/"
        for f in "$regress"/*; do
            [ -f "$f" ] && [ -s "$f" ] && cp "$f" "$work/corpus/regress-$(basename "$f")"
        done
        set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -artifact_prefix="$work/artifacts/" -print_final_stats=1
        [ -f "tests/fuzz/$name.dict" ] && set -- "$@" -dict="tests/fuzz/$name.dict"
        "$fuzz" "$@" "$work/corpus" >"$work/fuzz.log" 2>&1
        rc=$?
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
        if [ "$rc" != 0 ]; then
            ok=0
            why="$why; fuzzer exit $rc"
            fuzz_log=$work/fuzz.log
        fi
    fi

    if [ "$ok" = 1 ]; then
        passed=$((passed + 1))
        echo "  $name: passed (replayed ${ran:-?} inputs; fuzzed ${secs}s, ${execs:-?} runs)"
    else
        failed=$((failed + 1))
        echo "  $name: FAILED (${why#; })"
        if [ -n "${replay_log:-}" ]; then
            show "$replay_log"
        fi
        if [ -n "${fuzz_log:-}" ]; then
            show "$fuzz_log"
            for art in "$work"/artifacts/*; do
                [ -f "$art" ] || continue
                echo "      artifact: $art"
                keep "$art" "$regress"
            done
        fi
    fi
    replay_log=""
    fuzz_log=""
done

echo "fuzz-smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
