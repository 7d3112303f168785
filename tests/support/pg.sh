#!/bin/sh
# A throwaway PostgreSQL cluster for the tests: pg.sh start DIR prints its URL; pg.sh stop DIR.
# initdb and pg_ctl refuse to run as root, so as root the cluster runs as the user zonatest.
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (package postgresql)" >&2; exit 1; }
as_user() {
    if [ "$(id -u)" = 0 ]; then
        su zonatest -s /bin/sh -c "$1"
    else
        sh -c "$1"
    fi
}
case "$cmd" in
start)
    if [ "$(id -u)" = 0 ] && ! id -u zonatest >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin zonatest
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown zonatest "$dir"
    chmod 700 "$dir"
    port=$(( 20000 + $$ % 20000 ))
    as_user "'$bin/initdb' -D '$dir/data' -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" || {
        cat "$dir/initdb.log" >&2; exit 1; }
    # Try a few ports in case one is taken.
    for try in 1 2 3 4 5; do
        if as_user "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 -o \"-k '$dir' -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null 2>&1"; then
            echo "postgresql://postgres@127.0.0.1:$port/postgres"
            exit 0
        fi
        port=$((port + 1))
    done
    cat "$dir/server.log" >&2
    exit 1
    ;;
stop)
    [ -d "$dir/data" ] && as_user "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null 2>&1" || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
