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
# 2xx (goals: 5000 durable responses/s, p99 under 50 ms, no errors, every 2xx stored). Last the
# whistleblowing channel (WBS): a third zona (ZONA_WBS_POW_BITS=0, ZONA_TRUSTED_PROXY=127.0.0.1)
# takes reports on POST /api/v1/wbs/reports from wrk with bench/wbs_report.lua, which keeps the
# receipts, then follow-ups on POST /api/v1/wbs/follow-up with those receipts (bench/wbs_follow.lua),
# each an Argon2id at the shipped cost, while bench/wbs_healthz.lua probes GET /healthz.
# Builds nothing: the caller ran `make all bench-bins` (make bench does; the default -O2 build).
# Everything it starts it stops; all traffic goes to 127.0.0.1.
# Environment: BENCH_SECONDS (default 10) per scenario; BENCH_RESULTS (default bench/RESULTS.md);
# BENCH_SURVEY_THREADS (default 128) zona's worker threads for the survey intake;
# BENCH_SURVEY_RATE (default 25000) responses/s the seeded codes allow (x BENCH_SECONDS x 1.5);
# BENCH_WBS_SECONDS (default 20) of filing and as many of following up; BENCH_WBS_CONNS (default 8)
# wrk's connections for both; BENCH_WBS_THREADS (default: zona's, 2 x cores) the WBS zona's worker
# threads; BENCH_ONLY=wbs runs the WBS part alone (no nginx, no other part; about a minute).
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

only=${BENCH_ONLY:-}
wbs_seconds=${BENCH_WBS_SECONDS:-20}
wbs_conns=${BENCH_WBS_CONNS:-8}
wbs_threads=${BENCH_WBS_THREADS:-}

case "$seconds" in '' | *[!0-9]*) die "BENCH_SECONDS must be a whole number of seconds" ;; esac
case "$only" in '' | wbs) ;; *) die "BENCH_ONLY must be empty (every part) or wbs" ;; esac
case "$wbs_seconds" in '' | *[!0-9]* | 0) die "BENCH_WBS_SECONDS must be a whole number of seconds, 1 or more" ;; esac
case "$wbs_conns" in '' | *[!0-9]* | 0 | 1) die "BENCH_WBS_CONNS must be a whole number, 2 or more" ;; esac
case "$wbs_threads" in *[!0-9]*) die "BENCH_WBS_THREADS must be a whole number" ;; esac
[ -x build/zona ] || die "build/zona not found: run make all (make bench does)"
nginx_bin=/usr/sbin/nginx
if [ "$only" != wbs ]; then
    [ -x "$nginx_bin" ] || die "$nginx_bin not found (Debian package nginx-light; scripts/deps.sh bench)"
fi
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
bg_pids=() # wrk runs in the background (the WBS part), stopped on the way out

stop() { # stop PID: SIGTERM, wait, and return its exit status
    local pid=$1 rc=0
    kill -TERM "$pid" 2>/dev/null || return 0
    wait "$pid" 2>/dev/null || rc=$?
    return $rc
}
cleanup() {
    local p
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "$sampler_pid" ] && { kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null || true; }
    [ -n "$zona_pid" ] && { stop "$zona_pid" || true; }
    [ -n "$nginx_pid" ] && { stop "$nginx_pid" || true; }
    if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- what wrk printed -------------------------------------------------------------------------
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
pct_of() { to_ms "$(awk -v p="$1%" '$1 == p {print $2}' "$2")"; } # pct_of 50 FILE
max_of() { to_ms "$(awk '$1 == "Latency" {print $4; exit}' "$1")"; }
errors_of() { # non-2xx/3xx answers plus socket errors
    awk '/Non-2xx or 3xx responses:/ {n += $NF}
         /Socket errors:/ {for (i = 3; i <= NF; i++) {g = $i; gsub(/,/, "", g); if (g ~ /^[0-9]+$/) n += g}}
         END {print n + 0}' "$1"
}
met() { [ "$1" = 1 ] && echo "met" || echo "**not met**"; }

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

# --- whistleblowing (WBS): filing reports and following them up ---------------------------------
# Both public API routes of the WBS pay for an Argon2id of the receipt at the shipped cost
# ("interactive": 2 passes over 64 MiB; ZONA_ARGON2 stays unset, never "test" here). Filing
# (POST /api/v1/wbs/reports) also makes the report's key pair, seals the text to it and its key to
# the receipt and to each WBS officer of the unit, and commits with synchronous=FULL before the
# receipt is sent; following up (POST /api/v1/wbs/follow-up) derives the receipt's key and opens
# the report. Argon2id runs at most WBS_KDF_AT_ONCE (2) at a time (src/wbs/wbs_crypto.h), so these
# routes are slow by design: the part records how slow, and whether the other routes stay
# responsive meanwhile: a light probe of GET /healthz (bench/wbs_healthz.lua: 50 requests/s over 4
# keep-alive connections, and 50 over 4 connections that close after each request, as new
# visitors) runs alone, then next to each load.
# A zona of its own on the database of the parts before (or of zona demo alone, BENCH_ONLY=wbs):
# default worker threads (BENCH_WBS_THREADS to change), ZONA_WBS_POW_BITS=0 (no proof of work: the
# server's work only), ZONA_TRUSTED_PROXY=127.0.0.1 so that the X-Forwarded-For wbs_report.lua
# sends, an address of its own per request, keeps the flood limit (20 reports an hour per address)
# out of the way. Steps: 3 reports and 5 follow-ups one at a time with curl (the cost of one
# alone, on an idle server), 3 s of the probe alone, a 2 s warm-up and BENCH_WBS_SECONDS of filing
# (wbs_report.lua keeps the receipts), then BENCH_WBS_SECONDS of follow-ups going round those
# receipts (wbs_follow.lua). Both loads send each request on a new connection (the scripts'
# "close"), as distinct reporters would: libmicrohttpd keeps a connection on the worker thread that
# accepted it, and wrk's kept-alive connections, opened all at once, land unevenly (up to all
# eight on one thread, which then runs their requests one at a time). wrk's timeout is 30 s, so
# slow answers count in the latency (wrk leaves answers slower than its timeout out of the
# percentiles). zona runs with ZONA_LOG=info, and its log gives each request's handler time.
# After zona stops, the reports in the database are counted with sqlite3: every 2xx must be
# among them (requests still in flight when the warm-up or the run stops may be stored without
# their answer being seen: at most one per connection each time).
wbs_bench() {
    local dir=$tmp/wbs i st t r load_pid
    mkdir -p "$dir"
    wbs_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    unset ZONA_THREADS ZONA_MAX_CONNECTIONS ZONA_PER_IP_CONNECTIONS
    if [ -n "$wbs_threads" ]; then
        export ZONA_THREADS=$wbs_threads
        wbs_threads_text="ZONA_THREADS=$wbs_threads"
    else
        wbs_threads_text="default worker threads ($((2 * $(nproc))): 2 x cores)"
    fi
    # ZONA_LOG=info: zona logs each request with the time its handler took (the WBS routes without
    # the client's address), which tells the work apart from the wait for a worker thread
    export ZONA_WBS_POW_BITS=0 ZONA_TRUSTED_PROXY=127.0.0.1 ZONA_LOG=info
    local db_file=$tmp/zona/zona.db has_sqlite=0
    command -v sqlite3 >/dev/null 2>&1 && [ -f "$db_file" ] && has_sqlite=1
    wbs_count() { sqlite3 -readonly "$db_file" 'SELECT count(*) FROM wbs_reports'; }
    local before=""
    [ "$has_sqlite" = 1 ] && before=$(wbs_count)
    start_zona "$tmp/zona/wbs.log"
    echo "bench: whistleblowing, $wbs_threads_text, $wbs_conns connections, ${wbs_seconds}s of each load"

    # one at a time, on the idle server; the checks that both routes answer as they should
    local body='{"unit":"51.05","category":"korupsi","what":"Pemeriksaan bench: pungutan di loket","who":"Petugas loket","narrative":"Laporan pemeriksaan sebelum beban."}'
    local report_s=() follow_s=() receipt=""
    for i in 1 2 3; do
        read -r st t < <(get -o "$dir/check.$i" -w '%{http_code} %{time_total}\n' \
            -H 'Content-Type: application/json' -H "X-Forwarded-For: 192.0.2.$i" -d "$body" \
            "$zona_url/api/v1/wbs/reports" || true) || true
        [ "${st:-}" = 201 ] ||
            die "POST /api/v1/wbs/reports answered ${st:-nothing}: $(head -c 400 "$dir/check.$i" 2>/dev/null)"
        r=$(sed -n 's/.*"receipt" *: *"\([0-9]*\)".*/\1/p' "$dir/check.$i")
        [ ${#r} = 16 ] || die "no 16-digit receipt in $(head -c 200 "$dir/check.$i")"
        receipt=$r
        report_s+=("$t")
    done
    for i in 1 2 3 4 5; do
        read -r st t < <(get -o "$dir/follow.$i" -w '%{http_code} %{time_total}\n' \
            -H 'Content-Type: application/json' -H "X-Forwarded-For: 192.0.2.$((10 + i))" \
            -d '{"receipt":"'"$receipt"'"}' "$zona_url/api/v1/wbs/follow-up" || true) || true
        [ "${st:-}" = 200 ] && grep -q '"state"' "$dir/follow.$i" ||
            die "POST /api/v1/wbs/follow-up answered ${st:-nothing}: $(head -c 400 "$dir/follow.$i" 2>/dev/null)"
        follow_s+=("$t")
    done
    median_ms() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] * 1000}'; }
    wbs_report_one=$(median_ms "${report_s[@]}")
    wbs_follow_one=$(median_ms "${follow_s[@]}")
    local cores kdf_at_once=2 # WBS_KDF_AT_ONCE, src/wbs/wbs_crypto.h
    cores=$(nproc)
    wbs_bound=$(awk -v ms="$wbs_follow_one" -v k="$kdf_at_once" -v c="$cores" \
        'BEGIN {n = (c < k ? c : k); printf "%.1f", (ms > 0 ? n * 1000 / ms : 0)}')

    probe_start() { # probe_start SECONDS TAG: both /healthz probes, in the background
        wrk -t1 -c4 -d"$1"s --timeout 30s --latency -s bench/wbs_healthz.lua "$zona_url/healthz" \
            -- 80 >"$dir/$2.keep" 2>&1 &
        probe_keep=$!
        wrk -t1 -c4 -d"$1"s --timeout 30s --latency -s bench/wbs_healthz.lua "$zona_url/healthz" \
            -- 80 close >"$dir/$2.close" 2>&1 &
        probe_close=$!
        bg_pids+=("$probe_keep" "$probe_close")
    }
    probe_wait() { # probe_wait TAG
        wait "$probe_keep" || { cat "$dir/$1.keep" >&2; die "the /healthz probe (keep-alive) failed"; }
        wait "$probe_close" || { cat "$dir/$1.close" >&2; die "the /healthz probe (new connections) failed"; }
    }
    probe_cell() { # probe_cell FILE: "p50 / p99 / max (requests)" of a probe, and its errors
        local e n
        e=$(errors_of "$1")
        n=$(awk '/ requests in / {print $1}' "$1")
        if [ "${n:-0}" = 0 ]; then
            printf '**no answer** in %s s (0)' "$(awk '/^Running / {d = $2; sub(/s$/, "", d); print d}' "$1")"
        else
            printf '%s / %s / %s (%s)' "$(pct_of 50 "$1")" "$(p99_of "$1")" "$(max_of "$1")" "$n"
        fi
        [ "$e" = 0 ] || printf ', errors %s' "$e"
    }
    handler_ms() { # handler_ms FROM TO PATH: "p50 / p99 / max" of the handler times zona logged
        sed -n "$(($1 + 1)),$2p" "$wbs_log" |
            awk -v p="$3" '$4 ~ /^(GET|POST)$/ && $5 == p && $7 ~ /ms$/ {v = $7; sub(/ms$/, "", v); print v + 0}' |
            sort -g | awk '{a[NR] = $1}
                END {if (!NR) {print "–"; exit}
                     i50 = int(NR * 0.5); if (i50 < NR * 0.5) i50++
                     i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
                     printf "%.1f / %.1f / %.1f", a[i50], a[i99], a[NR]}'
    }
    wbs_wrk() { # wbs_wrk SECONDS SCRIPT OUT ARGS...: the load, in the background (load_pid)
        local s=$1 script=$2 out=$3
        shift 3
        wrk -t2 -c"$wbs_conns" -d"$s"s --timeout 30s --latency -s "$script" "$zona_url" \
            -- "$@" >"$out" 2>&1 &
        load_pid=$!
        bg_pids+=("$load_pid")
    }
    load_wait() { # load_wait OUT
        wait "$load_pid" || { cat "$1" >&2; die "wrk failed on the WBS load"; }
    }

    local wbs_log=$tmp/zona/wbs.log mark_report mark_follow mark_end
    probe_start 3 idle
    probe_wait idle

    wbs_wrk 2 bench/wbs_report.lua "$dir/report.warm" "$dir/receipts.warm" 0 close
    load_wait "$dir/report.warm"
    mark_report=$(wc -l <"$wbs_log")
    wbs_wrk "$wbs_seconds" bench/wbs_report.lua "$dir/report.wrk" "$dir/receipts.run" 1 close
    probe_start "$wbs_seconds" report
    load_wait "$dir/report.wrk"
    probe_wait report
    cat "$dir"/receipts.warm.* "$dir"/receipts.run.* >"$dir/receipts" 2>/dev/null || true
    wbs_receipts=$(grep -c '^[0-9]\{16\}$' "$dir/receipts" || true)
    [ "${wbs_receipts:-0}" -gt 0 ] || { cat "$dir/report.wrk" >&2; die "no receipt came back from the reports"; }

    mark_follow=$(wc -l <"$wbs_log")
    wbs_wrk "$wbs_seconds" bench/wbs_follow.lua "$dir/follow.wrk" "$dir/receipts" 2 close
    probe_start "$wbs_seconds" follow
    load_wait "$dir/follow.wrk"
    probe_wait follow
    bg_pids=()
    mark_end=$(wc -l <"$wbs_log")

    wbs_hwm=$(awk '$1 == "VmHWM:" {printf "%.1f", $2 / 1024}' "/proc/$zona_pid/status")
    wbs_zona_rc=0
    stop "$zona_pid" || wbs_zona_rc=$?
    zona_pid=""
    # /healthz answers 503 "stopping" once SIGTERM came: probe requests still queued then
    if grep -E ' (error|crit|fatal) ' "$wbs_log" | grep -v ' GET /healthz 503 ' >&2; then
        echo "bench: zona logged errors under the WBS load (above)" >&2
    fi

    wbs_line() { # wbs_line TAG KEY FILE: a count of the done() line "TAG: 2xx N …"
        awk -v t="$1:" -v k="$2" '$1 == t && $2 == "2xx" {for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1)}' "$3"
    }
    statuses_of() { # "429 too_many_requests x4" from the done() lines "TAG: status S:CODE N"
        awk -v t="$1:" '$1 == t && $2 == "status" {n[$3] += $4}
            END {for (s in n) {k = s; sub(/:/, " ", k); printf "%s%s x%s", sep, k, n[s]; sep = ", "}}' "${@:2}"
    }
    local rep_2xx warm_2xx fol_2xx fol_opened fol_distinct fol_first fol_sent fol_held
    rep_2xx=$(wbs_line wbs 2xx "$dir/report.wrk")
    warm_2xx=$(wbs_line wbs 2xx "$dir/report.warm")
    fol_2xx=$(wbs_line wbs-follow 2xx "$dir/follow.wrk")
    fol_opened=$(wbs_line wbs-follow opened "$dir/follow.wrk")
    fol_distinct=$(wbs_line wbs-follow distinct "$dir/follow.wrk")
    fol_first=$(wbs_line wbs-follow first_round "$dir/follow.wrk")
    fol_sent=$(wbs_line wbs-follow sent "$dir/follow.wrk")
    fol_held=$(wbs_line wbs-follow receipts "$dir/follow.wrk")
    [ -n "$rep_2xx" ] && [ -n "$warm_2xx" ] && [ -n "$fol_2xx" ] ||
        { cat "$dir/report.warm" "$dir/report.wrk" "$dir/follow.wrk" >&2; die "the WBS scripts printed no counts"; }
    wbs_acked=$((3 + warm_2xx + rep_2xx)) # the curl checks, the warm-up, the run
    wbs_warm_err=$(errors_of "$dir/report.warm")
    wbs_statuses=$(statuses_of wbs "$dir/report.warm" "$dir/report.wrk")
    wbs_follow_statuses=$(statuses_of wbs-follow "$dir/follow.wrk")
    local after="" kdfs=""
    if [ "$has_sqlite" = 1 ]; then
        after=$(wbs_count)
        wbs_stored=$((after - before))
        kdfs=$(sqlite3 -readonly "$db_file" \
            "SELECT group_concat(k, ', ') FROM (SELECT receipt_kdf || ' x' || count(*) AS k FROM (SELECT receipt_kdf FROM wbs_reports ORDER BY id DESC LIMIT $wbs_stored) GROUP BY receipt_kdf)")
        wbs_kept_ok=$([ "$wbs_acked" -le "$wbs_stored" ] && [ "$wbs_stored" -le $((wbs_acked + 2 * wbs_conns)) ] && echo 1 || echo 0)
        wbs_stored_text="$wbs_stored reports more in the database after zona stopped ($before before; receipt KDF of the new ones: $kdfs)"
    else
        wbs_stored="?"
        wbs_kept_ok=0
        wbs_stored_text="not counted: sqlite3 not found"
    fi
    # every receipt opened a report of its own (wbs_follow.lua tells them apart by their narrative;
    # a request in flight when a thread went round may leave one out, at most one a connection)
    wbs_opened_ok=$([ "$(errors_of "$dir/follow.wrk")" = 0 ] && [ "$fol_opened" = "$fol_2xx" ] &&
        [ "$fol_distinct" -le "$fol_first" ] && [ "$fol_distinct" -ge $((fol_first - wbs_conns)) ] &&
        [ "$fol_held" = "$wbs_receipts" ] && echo 1 || echo 0)
    wbs_err_ok=$([ $(($(errors_of "$dir/report.wrk") + wbs_warm_err + $(errors_of "$dir/follow.wrk"))) = 0 ] && echo 1 || echo 0)

    row() { # row NAME FILE TAG PROBE PATH FROM TO
        local f=$2 n secs
        n=$(wbs_line "$3" 2xx "$f")
        secs=$(awk '/ requests in / {d = $4; sub(/,$/, "", d); print d}' "$f")
        secs=$(awk -v ms="$(to_ms "$secs")" 'BEGIN {printf "%.2f", ms / 1000}')
        printf '| %s | %d | %s | %s | %s / %s / **%s** | %s | %s | %s | %s |' "$1" "$wbs_conns" \
            "$(rps_of "$f")" "$(awk -v n="$n" -v s="$secs" 'BEGIN {printf "%.2f", (s > 0 ? n / s : 0)}')" \
            "$(pct_of 50 "$f")" "$(pct_of 90 "$f")" "$(p99_of "$f")" "$(errors_of "$f")" \
            "$(handler_ms "$6" "$7" "$5")" "$(probe_cell "$dir/$4.keep")" "$(probe_cell "$dir/$4.close")"
    }
    wbs_rows=$(
        printf '| none: the probe alone | – | – | – | – | – | – | %s | %s |\n' \
            "$(probe_cell "$dir/idle.keep")" "$(probe_cell "$dir/idle.close")"
        row '`POST /api/v1/wbs/reports`' "$dir/report.wrk" wbs report /api/v1/wbs/reports \
            "$mark_report" "$mark_follow"
        echo
        row '`POST /api/v1/wbs/follow-up`' "$dir/follow.wrk" wbs-follow follow /api/v1/wbs/follow-up \
            "$mark_follow" "$mark_end"
        echo
    )
    echo "$wbs_rows"
    local ram
    ram=$(awk '$1 == "MemTotal:" {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    wbs_text=$(
        cat <<EOF

Whistleblowing (WBS): filing reports and following them up through the JSON API, each an Argon2id of the receipt at the shipped cost (receipt_kdf "interactive": 2 passes, 64 MiB; ZONA_ARGON2 not set), at most WBS_KDF_AT_ONCE = $kdf_at_once at once. A zona of its own on the same database with $wbs_threads_text, ZONA_WBS_POW_BITS=0, ZONA_TRUSTED_PROXY=127.0.0.1 (each request its own X-Forwarded-For, so the flood limit of 20 reports an hour per address does not apply). Loads: \`wrk -t2 -c$wbs_conns -d${wbs_seconds}s --timeout 30s --latency -s bench/wbs_report.lua URL -- FILE 1 close\` (after a 2 s warm-up), then \`-s bench/wbs_follow.lua URL -- FILE 2 close\` over the $wbs_receipts receipts the reports returned; \`close\`: each request on a new connection, as distinct reporters' would be. Next to each load, and alone before them, \`bench/wbs_healthz.lua\` probes \`GET /healthz\` 50 times a second over 4 keep-alive connections and 50 times over 4 connections closed after each request (so each request waits for a worker thread to accept it, as a new visitor's would). Machine: $cores cores, $ram RAM, load average before this part: $wbs_load_before.

| load | connections | req/s | 2xx/s | p50 / p90 / p99 ms | errors | zona's handler p50 / p99 / max ms | /healthz keep-alive p50 / p99 / max ms (requests) | /healthz new connection p50 / p99 / max ms (requests) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$wbs_rows

- one at a time on the idle server (curl, median): filing a report $wbs_report_one ms (of 3), following one up $wbs_follow_one ms (of 5); the follow-up's bound by design: min(cores, WBS_KDF_AT_ONCE) / one follow-up = about $wbs_bound follow-ups/s
- acknowledged: $wbs_acked reports (3 curl checks, the warm-up's $warm_2xx with errors $wbs_warm_err, the run's $rep_2xx); stored: $wbs_stored_text
- follow-up: $fol_2xx answers 2xx, $fol_opened of them with the report's state, showing $fol_distinct different reports; $fol_held receipts collected, $fol_sent sent going round them ($fol_first different ones answered if each opened its own report)
- zona's handler times come from its log (ZONA_LOG=info for this zona): from the moment a worker thread takes the request up to its answer, without the wait for that thread (wrk's latency includes it). /healthz is not logged (ROUTE_NO_LOG); its work is one \`SELECT 1\`, as fast as the probe alone shows
- errors: non-2xx answers, socket errors and timeouts, by status and the error code of the answer (429 too_many_requests: SQLite's write lock stayed taken for its whole busy timeout of 5 s and the report was refused; 429 too_many would be the flood limit)${wbs_statuses:+; statuses of the reports: $wbs_statuses}${wbs_follow_statuses:+; statuses of the follow-ups: $wbs_follow_statuses}
- check, no errors (warm-up included): $(met "$wbs_err_ok")
- check, every acknowledged report stored (and at most one a connection more at the end of the warm-up and of the run: in flight when wrk stopped): $(met "$wbs_kept_ok")
- check, every follow-up answered with the report of its own receipt: $(met "$wbs_opened_ok")
- the WBS zona's VmHWM (its peak RSS since it started, the Argon2id areas included): $wbs_hwm MiB; it exited with status $wbs_zona_rc after SIGTERM
EOF
    )
}

if [ "$only" = wbs ]; then
    wbs_bench
    rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        rev="$rev (with uncommitted changes)"
    fi
    section=$(
        cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') · $rev

- command: \`BENCH_ONLY=wbs make bench\` (BENCH_WBS_SECONDS=$wbs_seconds, BENCH_WBS_CONNS=$wbs_conns${wbs_threads:+, BENCH_WBS_THREADS=$wbs_threads}): the WBS part alone, on a fresh \`zona demo\` database; the other parts did not run
- $("build/zona" version 2>/dev/null | head -n 1 || echo "zona ?") (default -O2 build), SQLite; $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)
$wbs_text
EOF
    )
    echo "$section"
    if [ ! -f "$results" ]; then
        printf '# zona benchmark results\n' >"$results"
    fi
    printf '%s\n' "$section" >>"$results"
    echo
    echo "bench: appended to ${results#"$root"/}"
    [ "$wbs_zona_rc" -eq 0 ] || die "the WBS zona exited $wbs_zona_rc after SIGTERM"
    exit 0
fi

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

# --- whistleblowing (WBS): wbs_bench (above) on the same database ----------------------------
wbs_bench

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    rev="$rev (with uncommitted changes)"
fi
section=$(
    cat <<EOF

## $(date -u '+%Y-%m-%d %H:%M UTC') · $rev

- command: \`make bench\` (BENCH_SECONDS=$seconds, BENCH_WBS_SECONDS=$wbs_seconds, BENCH_WBS_CONNS=$wbs_conns${wbs_threads:+, BENCH_WBS_THREADS=$wbs_threads}), $(nproc) cores, load average before the run: $load_before
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
$wbs_text
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
[ "$wbs_zona_rc" -eq 0 ] || die "the WBS zona exited $wbs_zona_rc after SIGTERM"
