#!/bin/bash
# make bench: zona against nginx serving the same bytes, measured with wrk on this machine.
# Scenarios: {landing page "/", static "/static/css/zona.css"} x {64, 256 connections}
# x {zona, nginx}, each `wrk -t2 -cC -dBENCH_SECONDS --latency`. Prints a table with the
# zona/nginx ratio and the 99th-percentile latency, zona's peak RSS, and appends a dated section
# to bench/RESULTS.md. Then the LKE: build/bench/lke_score times the scoring function on a
# complete assessment, build/bench/lke_seed gives every unit a complete assessment of this year
# (and a national monitor account), and wrk loads the national view /lke?lingkup=RI signed in as
# that monitor (goals: scoring p99 under 1 ms, the national view's p99 under 100 ms). Last the
# survey intake: build/bench/survey_seed issues one-time codes of an open campaign, a second zona
# (ZONA_THREADS=BENCH_SURVEY_THREADS) takes public JSON responses from wrk -c256 with
# bench/survey_post.lua, each with its own code, and the rows stored are counted against wrk's
# 2xx (goals: 5000 durable responses/s, p99 under 50 ms, no errors, every 2xx stored).
# Builds nothing: the caller ran `make all bench-bins` (make bench does; the default -O2 build).
# Everything it starts it stops; all traffic goes to 127.0.0.1.
# Environment: BENCH_SECONDS (default 10) per scenario; BENCH_RESULTS (default bench/RESULTS.md);
# BENCH_SURVEY_THREADS (default 128) zona's worker threads for the survey intake;
# BENCH_SURVEY_RATE (default 25000) responses/s the seeded codes allow (x BENCH_SECONDS x 1.5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${BENCH_SECONDS:-10}
results=${BENCH_RESULTS:-$root/bench/RESULTS.md}
paths=("/" "/static/css/zona.css")
names=("landing page" "static css")
conns=(64 256)

die() {
    echo "bench: $*" >&2
    if [ -n "${zona_pid:-}" ] && ! kill -0 "$zona_pid" 2>/dev/null; then
        local rc=0
        wait "$zona_pid" 2>/dev/null || rc=$?
        echo "bench: zona (pid $zona_pid) is gone, exit status $rc; its log:" >&2
        tail -n 40 "$zona_log" >&2
        zona_pid=""
    fi
    exit 1
}

case "$seconds" in '' | *[!0-9]*) die "BENCH_SECONDS must be a whole number of seconds" ;; esac
[ -x build/zona ] || die "build/zona not found: run make all (make bench does)"
nginx_bin=/usr/sbin/nginx
[ -x "$nginx_bin" ] || die "$nginx_bin not found (Debian package nginx-light; scripts/deps.sh bench)"
for tool in wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (scripts/deps.sh bench)"
done

# curl straight to 127.0.0.1: never through a proxy from the environment, never hanging
get() { curl -s --noproxy '*' --max-time 10 "$@"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zona-bench.XXXXXX")
# nginx's workers run as nobody when the master is root: they must read the document root.
chmod 755 "$tmp"
zona_pid=""
zona_log=""
nginx_pid=""
sampler_pid=""

stop() { # stop PID: SIGTERM, wait, and return its exit status
    local pid=$1 rc=0
    kill -TERM "$pid" 2>/dev/null || return 0
    wait "$pid" 2>/dev/null || rc=$?
    return $rc
}
cleanup() {
    [ -n "$sampler_pid" ] && { kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true; }
    [ -n "$zona_pid" ] && { stop "$zona_pid" || true; }
    [ -n "$nginx_pid" ] && { stop "$nginx_pid" || true; }
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- zona: fresh SQLite database in the temp dir, default threads, warnings only ---------------
for v in $(env | sed -n 's/^\(ZONA_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
mkdir -p "$tmp/zona"
export ZONA_CONF=/dev/null ZONA_VAR="$tmp/zona" ZONA_LISTEN=127.0.0.1:0 \
    ZONA_PORT_FILE="$tmp/zona/port" ZONA_DEMO=1 ZONA_LOG=warn
build/zona demo >"$tmp/zona/demo.log" 2>&1 || { cat "$tmp/zona/demo.log" >&2; die "zona demo failed"; }
start_zona() { # start_zona LOG: zona serve on the temp database; sets zona_pid and zona_url
    zona_log=$1
    rm -f "$tmp/zona/port"
    build/zona serve 2>"$zona_log" &
    zona_pid=$!
    for _ in $(seq 100); do
        [ -s "$tmp/zona/port" ] && break
        kill -0 "$zona_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -s "$tmp/zona/port" ] || { cat "$zona_log" >&2; die "zona did not write its port file"; }
    zona_url="http://127.0.0.1:$(cat "$tmp/zona/port")"
    for _ in $(seq 100); do
        [ "$(get -o /dev/null -w '%{http_code}' "$zona_url/healthz")" = 200 ] && break
        sleep 0.1
    done
    [ "$(get "$zona_url/healthz")" = ok ] || { cat "$zona_log" >&2; die "zona /healthz is not ok"; }
}
start_zona "$tmp/zona/log"

# --- nginx: the same bytes, and zona's security headers so both send alike responses ----------
www="$tmp/nginx/www"
mkdir -p "$www/static/css" "$tmp/nginx/logs"
get -f -D "$tmp/landing.headers" -o "$www/index.html" "$zona_url/" || die "cannot fetch $zona_url/"
get -f -o "$www/static/css/zona.css" "$zona_url/static/css/zona.css" ||
    die "cannot fetch $zona_url/static/css/zona.css"
chmod -R a+rX "$tmp/nginx"
add_headers=$(tr -d '\r' <"$tmp/landing.headers" |
    grep -iE '^(content-security-policy|x-frame-options|x-content-type-options|referrer-policy|cross-origin-opener-policy|cross-origin-resource-policy|permissions-policy): ' |
    grep -v '"' | sed -E 's/^([^:]+): (.*)$/        add_header \1 "\2" always;/' || true)

start_nginx() { # on a random free port; sets nginx_pid and nginx_url
    local port try
    for try in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
error_log $tmp/nginx.err;
pid $tmp/nginx.pid;
events {
    worker_connections 4096;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css;
    access_log off;
    sendfile on;
    tcp_nopush on;
    # wrk keeps its connections open; so does zona, so nginx must not close them every 1000
    keepalive_requests 1000000;
    keepalive_timeout 65;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        root $www;
        index index.html;
$add_headers
    }
}
EOF
        "$nginx_bin" -e "$tmp/nginx.err" -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" \
            2>>"$tmp/nginx.err" &
        nginx_pid=$!
        nginx_url="http://127.0.0.1:$port"
        for _ in $(seq 50); do
            kill -0 "$nginx_pid" 2>/dev/null || break
            [ "$(get -o /dev/null -w '%{http_code}' "$nginx_url/")" = 200 ] && return 0
            sleep 0.1
        done
        stop "$nginx_pid" || true
        nginx_pid=""
    done
    cat "$tmp/nginx.err" >&2
    die "nginx did not start"
}
start_nginx

for i in "${!paths[@]}"; do
    p=${paths[$i]}
    if ! cmp -s <(get "$zona_url$p") <(get "$nginx_url$p"); then
        die "zona and nginx do not serve the same bytes for $p"
    fi
done
size_landing=$(wc -c <"$www/index.html")
size_css=$(wc -c <"$www/static/css/zona.css")

# --- load ------------------------------------------------------------------------------------
to_ms() { # wrk latency (850.00us, 1.23ms, 2.01s, 1.5m) -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}
# run_wrk URL CONNS SECONDS OUTFILE
run_wrk() {
    wrk -t2 -c"$2" -d"$3"s --latency "$1" >"$4" 2>&1 || { cat "$4" >&2; die "wrk failed on $1"; }
}
rps_of() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
p99_of() { to_ms "$(awk '$1 == "99%" {print $2}' "$1")"; }
errors_of() { # non-2xx/3xx answers plus socket errors
    awk '/Non-2xx or 3xx responses:/ {n += $NF}
         /Socket errors:/ {for (i = 3; i <= NF; i++) {g = $i; gsub(/,/, "", g); if (g ~ /^[0-9]+$/) n += g}}
         END {print n + 0}' "$1"
}

# zona's peak RSS under load. VmHWM counts from the start of the process, start-up included,
# so it is read once now, then reset (writing 5 to clear_refs, Linux >= 4.0, as root) and read
# again after the last zona run. A sampler of VmRSS every 100 ms backs it up where the reset
# is not allowed.
kib() { awk -v f="$1" '$1 == f ":" {print $2}' "/proc/$zona_pid/status"; }
hwm_start_kib=$(kib VmHWM)
if echo 5 >"/proc/$zona_pid/clear_refs" 2>/dev/null; then hwm_reset=1; else hwm_reset=0; fi
(
    max=0
    while kill -0 "$zona_pid" 2>/dev/null; do
        v=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$zona_pid/status" 2>/dev/null || true)
        if [ -n "$v" ] && [ "$v" -gt "$max" ]; then max=$v; echo "$max" >"$tmp/rss.max"; fi
        sleep 0.1
    done
) &
sampler_pid=$!

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: zona $zona_url (pid $zona_pid), nginx $nginx_url; ${seconds}s per scenario; load $load_before"
# warm both up (page cache, connections, lazy initialisation)
run_wrk "$zona_url/" 64 2 "$tmp/warm.zona"
run_wrk "$nginx_url/" 64 2 "$tmp/warm.nginx"

rows=()
landing_ok=1
for i in "${!paths[@]}"; do
    p=${paths[$i]}
    for c in "${conns[@]}"; do
        run_wrk "$zona_url$p" "$c" "$seconds" "$tmp/zona.$i.$c"
        run_wrk "$nginx_url$p" "$c" "$seconds" "$tmp/nginx.$i.$c"
        zr=$(rps_of "$tmp/zona.$i.$c"); nr=$(rps_of "$tmp/nginx.$i.$c")
        zp=$(p99_of "$tmp/zona.$i.$c"); np=$(p99_of "$tmp/nginx.$i.$c")
        ze=$(errors_of "$tmp/zona.$i.$c"); ne=$(errors_of "$tmp/nginx.$i.$c")
        ratio=$(awk -v z="$zr" -v n="$nr" 'BEGIN {printf "%.2f", (n > 0 ? z / n : 0)}')
        if [ "$i" -eq 0 ] && awk -v r="$ratio" -v e="$ze" 'BEGIN {exit !(r < 0.5 || e > 0)}'; then
            landing_ok=0
        fi
        rows+=("$(printf '| %s `%s` | %d | %.0f | %.0f | **%s** | %s | %s | %s / %s |' \
            "${names[$i]}" "$p" "$c" "$zr" "$nr" "$ratio" "$zp" "$np" "$ze" "$ne")")
        echo "${rows[-1]}"
    done
done

hwm_kib=$(kib VmHWM)
rss_end_kib=$(kib VmRSS)
kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
sampled_kib=$(cat "$tmp/rss.max" 2>/dev/null || echo 0)
# the peak under load: the reset VmHWM, else the largest VmRSS sample
if [ "$hwm_reset" = 1 ]; then peak_kib=$hwm_kib; peak_how="VmHWM, reset after start-up"
else peak_kib=$sampled_kib; peak_how="largest VmRSS sampled every 100 ms; VmHWM could not be reset"; fi
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
rss_ok=$(awk -v k="$peak_kib" 'BEGIN {print ((k < 64 * 1024) ? 1 : 0)}')

# --- LKE: the national view over every unit with a complete assessment, and the scoring function --
score_line=$(build/bench/lke_score 20000) || die "bench/lke_score failed"
echo "$score_line"
score_p99=$(echo "$score_line" | sed -n 's/.*p99 \([0-9.]*\) us.*/\1/p')
score_ok=$(awk -v p="$score_p99" 'BEGIN {print (p + 0 < 1000) ? 1 : 0}')
ZONA_LOG=error build/bench/lke_seed >"$tmp/seed.log" 2>&1 || { cat "$tmp/seed.log" >&2; die "bench/lke_seed failed"; }
seeded=$(cat "$tmp/seed.log")
get -c "$tmp/cookies" -H 'Content-Type: application/json' \
    -d '{"login":"197001011995031999","password":"Bench-Zona-Integritas"}' \
    -o /dev/null "$zona_url/api/v1/session" || die "the bench account could not sign in"
session=$(awk '$6 == "zona_session" {print $7}' "$tmp/cookies")
[ -n "$session" ] || die "no session cookie for the bench account"
national="$zona_url/lke?lingkup=RI"
status=$(get -o "$tmp/national.html" -w '%{http_code}' -H "Cookie: zona_session=$session" "$national")
[ "$status" = 200 ] || die "the national view answered $status"
national_rows=$(grep -o '/lke/[^"/]*/[0-9]*"' "$tmp/national.html" | sort -u | wc -l)
national_bytes=$(wc -c <"$tmp/national.html")
wrk -t2 -c4 -d"$seconds"s --latency -H "Cookie: zona_session=$session" "$national" \
    >"$tmp/national.wrk" 2>&1 || { cat "$tmp/national.wrk" >&2; die "wrk failed on the national view"; }
national_rps=$(rps_of "$tmp/national.wrk")
national_p99=$(p99_of "$tmp/national.wrk")
national_err=$(errors_of "$tmp/national.wrk")
national_ok=$(awk -v p="$national_p99" -v e="$national_err" 'BEGIN {print (p + 0 < 100 && e == 0) ? 1 : 0}')
echo "national view: $national_rps req/s, p99 $national_p99 ms, $national_rows units, errors $national_err"

zona_rc=0
stop "$zona_pid" || zona_rc=$?
zona_pid=""
stop "$nginx_pid" || true
nginx_pid=""
if grep -E ' (error|crit|fatal) ' "$tmp/zona/log" >&2; then
    echo "bench: zona logged errors under load (above)" >&2
fi

# --- survey intake: durable public responses on the JSON API, one one-time code each ----------
# survey_seed makes an open SPAK campaign of unit 51.05 with access by code and issues the codes:
# one for a curl check, a slice for a 2 s warm-up, the rest for the measured run; wrk's two
# threads split each slice (survey_post.lua), so no code is sent twice. A second zona serves the
# same database with more worker threads: a request holds its thread while its group commits
# (survey_intake.c: SQLite WAL, synchronous=FULL around each group), so the thread count bounds a
# group. libmicrohttpd splits ZONA_MAX_CONNECTIONS evenly between the worker threads, and the
# connections of one thread wait for each other while one of them waits for its commit, so the
# limit is set to twice the connections, not more. After the run zona is stopped and the rows
# the database holds are counted: every 2xx must be among them.
survey_threads=${BENCH_SURVEY_THREADS:-128}
survey_conns=256
survey_maxconn=$((2 * survey_conns))
survey_rate=${BENCH_SURVEY_RATE:-25000} # codes seeded: this rate x seconds x 1.5
survey_warm_codes=$((survey_rate * 2 * 3 / 2))
survey_codes=$((1 + survey_warm_codes + survey_rate * seconds * 3 / 2))
ZONA_LOG=error build/bench/survey_seed "$survey_codes" "$tmp/codes" >"$tmp/survey_seed.log" 2>&1 ||
    { cat "$tmp/survey_seed.log" >&2; die "bench/survey_seed failed"; }
survey_seeded=$(cat "$tmp/survey_seed.log")
echo "$survey_seeded"
survey_id=$(head -n 1 "$tmp/codes")
check_code=$(sed -n 2p "$tmp/codes")
{ echo "$survey_id"; sed -n "3,$((2 + survey_warm_codes))p" "$tmp/codes"; } >"$tmp/codes.warm"
{ echo "$survey_id"; tail -n +"$((3 + survey_warm_codes))" "$tmp/codes"; } >"$tmp/codes.run"
survey_count() { # responses of the bench campaign in the database
    ZONA_LOG=error build/bench/survey_seed -c "$survey_id" | awk '{print $2}'
}
survey_before=$(survey_count) || die "bench/survey_seed -c failed"
export ZONA_THREADS=$survey_threads ZONA_MAX_CONNECTIONS=$survey_maxconn \
    ZONA_PER_IP_CONNECTIONS=$survey_maxconn
start_zona "$tmp/zona/survey.log"
survey_path="/api/v1/surveys/$survey_id/responses"
status=$(get -o "$tmp/survey.check" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"answers":{"spak1":4,"spak2":3,"spak3":4,"spak4":3,"spak5":4},"kelompok":"masyarakat-umum","kode":"'"$check_code"'"}' \
    "$zona_url$survey_path")
case "$status" in
2??) ;;
*) die "POST $survey_path answered $status: $(head -c 400 "$tmp/survey.check")" ;;
esac
survey_wrk() { # survey_wrk SECONDS CODES OUT
    wrk -t2 -c"$survey_conns" -d"$1"s --latency -s bench/survey_post.lua "$zona_url" \
        -- "$2" 2 >"$3" 2>&1 || { cat "$3" >&2; die "wrk failed on $survey_path"; }
}
survey_line() { # survey_line KEY FILE: a count of survey_post.lua's done()
    awk -v k="$1" '$1 == "survey:" && $2 == "2xx" {for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1)}' "$2"
}
echo "bench: survey intake, ZONA_THREADS=$survey_threads, $survey_conns connections"
survey_wrk 2 "$tmp/codes.warm" "$tmp/survey.warm"
survey_wrk "$seconds" "$tmp/codes.run" "$tmp/survey.wrk"
survey_zona_rc=0
stop "$zona_pid" || survey_zona_rc=$?
zona_pid=""
if grep -E ' (error|crit|fatal) |survey: ' "$tmp/zona/survey.log" >&2; then
    echo "bench: zona logged errors under the survey load (above)" >&2
fi
survey_after=$(survey_count) || die "bench/survey_seed -c failed"
survey_counts=$(ZONA_LOG=error build/bench/survey_seed -c "$survey_id")
survey_stored=$((survey_after - survey_before))
survey_2xx=$(survey_line 2xx "$tmp/survey.wrk")
survey_warm_2xx=$(survey_line 2xx "$tmp/survey.warm")
[ -n "$survey_2xx" ] && [ -n "$survey_warm_2xx" ] ||
    { cat "$tmp/survey.warm" "$tmp/survey.wrk" >&2; die "survey_post.lua printed no counts"; }
survey_exhausted=$(($(survey_line exhausted "$tmp/survey.wrk") + $(survey_line exhausted "$tmp/survey.warm")))
survey_warm_err=$(($(errors_of "$tmp/survey.warm") + $(survey_line exhausted "$tmp/survey.warm")))
survey_acked=$((1 + survey_warm_2xx + survey_2xx)) # the curl check, the warm-up, the run
survey_secs=$(awk '/ requests in / {d = $4; sub(/,$/, "", d); print d}' "$tmp/survey.wrk")
survey_secs=$(awk -v ms="$(to_ms "$survey_secs")" 'BEGIN {printf "%.2f", ms / 1000}')
survey_rps=$(rps_of "$tmp/survey.wrk")
survey_requests=$(awk '/ requests in / {print $1}' "$tmp/survey.wrk")
survey_durable=$(awk -v n="$survey_2xx" -v all="$survey_requests" -v r="$survey_rps" \
    'BEGIN {printf "%.0f", (all > 0 ? r * n / all : 0)}')
survey_p99=$(p99_of "$tmp/survey.wrk")
survey_p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$tmp/survey.wrk")")
survey_p90=$(to_ms "$(awk '$1 == "90%" {print $2}' "$tmp/survey.wrk")")
survey_err=$(($(errors_of "$tmp/survey.wrk") + $(survey_line exhausted "$tmp/survey.wrk")))
survey_statuses=$(cat "$tmp/survey.warm" "$tmp/survey.wrk" |
    awk '$1 == "survey:" && $2 == "status" {n[$3] += $4} END {for (s in n) {printf "%s%s x%s", sep, s, n[s]; sep = ", "}}')
survey_rate_ok=$(awk -v r="$survey_durable" 'BEGIN {print (r + 0 >= 5000) ? 1 : 0}')
survey_p99_ok=$(awk -v p="$survey_p99" 'BEGIN {print (p + 0 < 50) ? 1 : 0}')
survey_err_ok=$([ $((survey_err + survey_warm_err)) -eq 0 ] && echo 1 || echo 0)
survey_kept_ok=$([ "$survey_acked" -le "$survey_stored" ] && echo 1 || echo 0)
survey_row=$(printf '| `POST %s` (JSON, one code each) | %d | %d | %.0f | **%s** | %s / %s / **%s** | %s | %d | %d |' \
    "/api/v1/surveys/:id/responses" "$survey_conns" "$survey_threads" "$survey_rps" \
    "$survey_durable" "$survey_p50" "$survey_p90" "$survey_p99" "$survey_err" "$survey_acked" \
    "$survey_stored")
echo "$survey_row"

met() { [ "$1" = 1 ] && echo "met" || echo "**not met**"; }
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    rev="$rev (with uncommitted changes)"
fi
section=$(
    cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') · $rev

- command: \`make bench\` (BENCH_SECONDS=$seconds), $(nproc) cores, load average before the run: $load_before
- $("build/zona" version 2>/dev/null | head -n 1 || echo "zona ?") (default -O2 build, default threads), SQLite; $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'), 2 workers; $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)
- bytes per response body: landing page $size_landing, zona.css $size_css (the same for both servers)

| scenario | connections | zona req/s | nginx req/s | zona/nginx | zona p99 ms | nginx p99 ms | errors zona / nginx |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${rows[@]}")

- zona peak RSS under load: **$(mib "$peak_kib") MiB** ($peak_how); largest VmRSS sampled $(mib "$sampled_kib") MiB, VmRSS after the last run $(mib "$rss_end_kib") MiB; VmHWM of start-up alone, before any request: $(mib "$hwm_start_kib") MiB
- goal, landing page at least half of nginx's throughput at 64 and 256 connections, without errors: $(met "$landing_ok")
- goal, zona peak RSS under load below 64 MiB: $(met "$rss_ok")
- LKE national view \`GET /lke?lingkup=RI\` (HTML, $national_rows units, $national_bytes bytes) as a national monitor, every unit with a complete assessment ($seeded): \`wrk -t2 -c4 -d${seconds}s --latency\`: $national_rps req/s, **p99 $national_p99 ms**, errors $national_err
- scoring one complete assessment (\`build/bench/lke_score 20000\`): ${score_line#lke_score: }
- goal, national view p99 under 100 ms: $(met "$national_ok")
- goal, scoring one assessment under 1 ms (p99): $(met "$score_ok")
- zona exited with status $zona_rc after SIGTERM

Survey intake: durable public responses, each with its own one-time code (\`wrk -t2 -c$survey_conns -d${seconds}s --latency -s bench/survey_post.lua\` after a 2 s warm-up; $survey_seeded). SQLite in WAL mode; each group of responses committed in one transaction with synchronous=FULL (survey_intake.c), so a 2xx is sent only after the WAL is fsync'd. A second zona on the same database with ZONA_THREADS=$survey_threads, ZONA_MAX_CONNECTIONS=$survey_maxconn, ZONA_PER_IP_CONNECTIONS=$survey_maxconn.

| scenario | connections | ZONA_THREADS | req/s | durable 2xx/s | p50 / p90 / p99 ms | errors | acknowledged | stored |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$survey_row

- acknowledged: every 2xx of the survey's zona: the curl check, the warm-up ($survey_warm_2xx, errors $survey_warm_err) and the measured run ($survey_2xx in ${survey_secs} s); stored: rows of the campaign in the database after zona stopped ($survey_counts; $survey_before before the check)
- errors: non-2xx answers, socket errors and timeouts, and requests sent after a thread ran out of codes ($survey_exhausted in all)${survey_statuses:+; statuses: $survey_statuses}
- goal, at least 5000 durable responses per second: $(met "$survey_rate_ok")
- goal, p99 under 50 ms: $(met "$survey_p99_ok")
- goal, zero errors (warm-up included): $(met "$survey_err_ok")
- goal, every acknowledged response stored: $(met "$survey_kept_ok")
- the survey's zona exited with status $survey_zona_rc after SIGTERM
EOF
)
echo "$section"
if [ ! -f "$results" ]; then
    printf '# zona benchmark results\n' >"$results"
fi
printf '%s\n' "$section" >>"$results"
echo
echo "bench: appended to ${results#"$root"/}"
[ "$zona_rc" -eq 0 ] || die "zona exited $zona_rc after SIGTERM"
[ "$survey_zona_rc" -eq 0 ] || die "the survey's zona exited $survey_zona_rc after SIGTERM"
