#!/bin/sh
# The e2e stage of `make test`: browser journeys (tests/e2e/*.test.mjs) in Debian's chromium,
# driven by playwright-core, against one zona started here on a free port with a fresh SQLite
# database. The caller has built build/zona. Screenshots land in build/e2e/.
# Ends with one line `e2e: N passed, N failed`; exits 0 only when nothing failed and something
# passed. A missing node, npm or chromium is a failure, never a skip.
# Usage: tests/e2e/run.sh [test files...]   (default: every tests/e2e/*.test.mjs)
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)

fail() {
    echo "e2e: $*" >&2
    echo "e2e: 0 passed, 1 failed"
    exit 1
}

for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (Debian package nodejs/npm; scripts/deps.sh test)"
done
chromium=${ZONA_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || fail "$chromium not found (Debian package chromium; scripts/deps.sh test)"
[ -x build/zona ] || fail "build/zona not found: run make first"

# Dev dependencies, exactly as package-lock.json pins them. playwright-core never fetches a
# browser; the variable below makes sure nothing else tries either.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] ||
   [ ! -f node_modules/playwright-core/package.json ] ||
   [ ! -f node_modules/@axe-core/playwright/package.json ]; then
    echo "e2e: npm ci"
    npm ci --no-audit --no-fund >&2 || fail "npm ci failed"
    touch node_modules
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zona-e2e.XXXXXX") || fail "mktemp failed"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One zona for all journeys: its own ZONA_VAR (database, port file), any free port, and no
# setting inherited from the caller's environment or a developer's zona.conf.
for v in $(env | sed -n 's/^\(ZONA_[A-Z0-9_]*\)=.*/\1/p'); do
    case "$v" in ZONA_CHROMIUM|ZONA_E2E_OUT) ;; *) unset "$v" ;; esac
done
export ZONA_CONF=/dev/null ZONA_VAR="$tmp" ZONA_LISTEN=127.0.0.1:0 ZONA_PORT_FILE="$tmp/port" ZONA_DEMO=1
build/zona demo >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; fail "zona demo failed"; }
build/zona serve 2>"$tmp/zona.log" &
pid=$!

i=0
while [ ! -s "$tmp/port" ]; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        cat "$tmp/zona.log" >&2
        fail "zona did not write its port file"
    fi
    sleep 0.1
done
port=$(cat "$tmp/port")
export ZONA_URL="http://127.0.0.1:$port"
# GET /healthz until it answers 200 "ok" (10 s at most)
node -e '
const u = process.argv[1] + "/healthz";
const end = Date.now() + 10000;
(async () => {
    for (;;) {
        try {
            const r = await fetch(u);
            if (r.status === 200 && (await r.text()).trim() === "ok") return;
        } catch {}
        if (Date.now() > end) { console.error("no 200 ok from " + u); process.exit(1); }
        await new Promise((ok) => setTimeout(ok, 100));
    }
})();' "$ZONA_URL" || { cat "$tmp/zona.log" >&2; fail "zona at $ZONA_URL did not answer /healthz with 200"; }
echo "e2e: zona at $ZONA_URL"

mkdir -p build/e2e
if [ $# -eq 0 ]; then
    set -- tests/e2e/*.test.mjs
fi
# spec for people on stdout, TAP into a file for the counts. The timeout is per file and only
# catches a hang: the LKE journey alone takes about a minute, more on a loaded machine.
node --test --test-concurrency=2 --test-timeout=300000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tmp/results.tap" \
    "$@"
node_rc=$?

# TAP summary lines: "# pass N", "# fail N", "# cancelled N" (a cancelled test is a failure)
count() {
    sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$tmp/results.tap" | tail -n 1
}
passed=$(count pass)
failed=$(count fail)
cancelled=$(count cancelled)
todo=$(count todo)
passed=${passed:-0}
failed=$((${failed:-0} + ${cancelled:-0}))
if [ "$node_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "e2e: node --test exited $node_rc without a failed test" >&2
    failed=1
fi

# Stop zona gracefully: SIGTERM must end it with status 0.
kill -TERM "$pid"
wait "$pid"
zona_rc=$?
pid=""
if [ "$zona_rc" -ne 0 ]; then
    echo "e2e: zona exited $zona_rc after SIGTERM; its log:" >&2
    cat "$tmp/zona.log" >&2
    failed=$((failed + 1))
elif grep -E ' (error|crit|fatal) ' "$tmp/zona.log" >&2; then
    echo "e2e: zona logged errors during the journeys (above)" >&2
    failed=$((failed + 1))
fi

cp "$tmp/zona.log" build/e2e/zona.log 2>/dev/null
if [ "${todo:-0}" -gt 0 ]; then
    echo "e2e: ${todo} known bug(s) marked todo, not counted (see '# ...' in the list above)"
fi
echo "e2e: screenshots and zona's log in $root/build/e2e/"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
