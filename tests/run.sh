#!/bin/bash
# make test: every stage in order, one summary line each ("STAGE: N passed, N failed"), and a
# non-zero exit when anything failed or a stage could not run. No stage is ever skipped.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/zona-run-XXXXXX)
chmod 755 "$work"
pg_dir="$work/pg"
total_failed=0
declare -a summary

cleanup() {
    tests/support/pg.sh stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# Counts cmocka's summary of one binary's output: "[  PASSED  ] N test(s)." / "[  FAILED  ] N".
count_cmocka() {
    local log=$1 rc=$2 p f
    p=$(grep -aoE '^\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
    f=$(grep -aoE '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$(NF-1)} END {print s+0}')
    # a failed group setup or teardown (the server found leaking when it stops) exits 0 in cmocka
    f=$((f + $(grep -acE '^\[  FAILED  \] GROUP (SETUP|TEARDOWN)' "$log")))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed before its summary
    echo "$p $f"
}

stage_line() {
    local name=$1 p=$2 f=$3
    echo "$name: $p passed, $f failed"
    summary+=("$name: $p passed, $f failed")
    total_failed=$((total_failed + f))
}

# The test programs in a folder (not the .d dependency files next to them).
bins() {
    find "$1" -maxdepth 1 -type f -name 'test_*' ! -name '*.d' -perm -u+x 2>/dev/null | sort
}

# count_bins LABEL BINARY...: runs them with the environment already set; leaves the totals in
# RB_P and RB_F (a missing binary list counts as one failure).
count_bins() {
    local stage=$1; shift
    local passed=0 failed=0 b log rc counts
    RB_P=0; RB_F=0
    if [ $# -eq 0 ]; then
        echo "($stage) no test binaries found" >&2
        RB_F=1
        return
    fi
    for b in "$@"; do
        log="$work/$(basename "$b").$stage.log"
        echo "--- $stage: $b"
        "$b" >"$log" 2>&1
        rc=$?
        counts=$(count_cmocka "$log" "$rc")
        if [ "$rc" -ne 0 ] || [ "${counts#* }" -ne 0 ]; then cat "$log"; else grep -aE '^\[  (PASSED|FAILED)  \]' "$log"; fi
        passed=$((passed + ${counts% *}))
        failed=$((failed + ${counts#* }))
    done
    RB_P=$passed; RB_F=$failed
}

run_bins() {
    local stage=$1; shift
    count_bins "$stage" "$@"
    stage_line "$stage" "$RB_P" "$RB_F"
}

echo "=== starting PostgreSQL"
if pg_url=$(tests/support/pg.sh start "$pg_dir"); then
    export ZONA_TEST_PG_URL="$pg_url"
    psql "$pg_url" -qc "CREATE DATABASE zona_unit" >/dev/null
    unit_pg_url="${pg_url%/postgres}/zona_unit"
else
    echo "PostgreSQL could not be started" >&2
    pg_url=""
    unit_pg_url=""
fi

echo "=== unit"
ZONA_TEST_PG_URL="$unit_pg_url" run_bins unit $(bins build/tests/unit)
[ -n "$unit_pg_url" ] || stage_line "unit-postgresql-setup" 0 1

echo "=== http-sqlite"
ZONA_BIN=build/zona ZONA_TEST_BACKEND=sqlite run_bins http-sqlite $(bins build/tests/http)

echo "=== http-postgresql"
if [ -n "$pg_url" ]; then
    ZONA_BIN=build/zona ZONA_TEST_BACKEND=postgresql run_bins http-postgresql $(bins build/tests/http)
else
    stage_line http-postgresql 0 1
fi

echo "=== e2e"
if [ -x tests/e2e/run.sh ]; then
    tests/e2e/run.sh 2>&1 | tee "$work/e2e.log"
    e2e_rc=${PIPESTATUS[0]}
    line=$(grep -aE '^e2e: [0-9]+ passed, [0-9]+ failed' "$work/e2e.log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $4}')
        [ "$e2e_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
        summary+=("$line"); total_failed=$((total_failed + f))
    else
        stage_line e2e 0 1
    fi
else
    echo "tests/e2e/run.sh is missing" >&2
    stage_line e2e 0 1
fi

echo "=== sanitizers"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if make --no-print-directory san >"$work/san-build.log" 2>&1; then
    count_bins sanitizers $(bins build/san/tests/unit)
    san_p=$RB_P; san_f=$RB_F
    ZONA_BIN=build/san/zona ZONA_TEST_BACKEND=sqlite count_bins sanitizers $(bins build/san/tests/http)
    stage_line sanitizers $((san_p + RB_P)) $((san_f + RB_F))
else
    cat "$work/san-build.log"
    stage_line sanitizers 0 1
fi
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

echo "=== fuzz-smoke"
if make --no-print-directory fuzz-bins >"$work/fuzz-build.log" 2>&1 && [ -x tests/fuzz/smoke.sh ]; then
    tests/fuzz/smoke.sh "${FUZZ_SMOKE_SECONDS:-5}" 2>&1 | tee "$work/fuzz.log"
    fuzz_rc=${PIPESTATUS[0]}
    line=$(grep -aE '^fuzz-smoke: [0-9]+ passed, [0-9]+ failed' "$work/fuzz.log" | tail -n 1)
    if [ -n "$line" ]; then
        f=$(echo "$line" | awk '{print $4}')
        [ "$fuzz_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
        summary+=("$line"); total_failed=$((total_failed + f))
    else
        stage_line fuzz-smoke 0 1
    fi
else
    cat "$work/fuzz-build.log"
    stage_line fuzz-smoke 0 1
fi

echo
echo "=== summary"
for l in "${summary[@]}"; do echo "$l"; done
if [ "$total_failed" -ne 0 ]; then
    echo "make test: FAILED ($total_failed failed)"
    exit 1
fi
echo "make test: all stages passed"
