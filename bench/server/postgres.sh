#!/usr/bin/env bash
# PostgreSQL against SQLite (issue 17 item 6), all on loopback, on a private PostgreSQL started
# for the run (scripts/pg-instance, fsync on as SQLite's synchronous = FULL) and stopped after:
#   flow   letters per second through the whole flow over HTTP (bench_server_flow: create,
#          submit, approve, sign, issue) with one server on SQLite, one server on PostgreSQL,
#          and two servers on one PostgreSQL behind nginx; then the search index's lag: a letter
#          issued on server A, found issued by server B's search (bench_search_lag)
#   pages  the outgoing register at ROWS rows on each engine (bench_register_fill, then
#          bench_register_pages: first, middle, last page, and a filtered query), and
#          PostgreSQL's plan of the middle page
# Usage: bench/server/postgres.sh [BUILD_DIR] [flow|pages|all]   (default build, all)
#   RUNS=3 FLOW_DOCS=40 THREADS="1 4" LAG_LETTERS=20 ROWS=1000000 REPEATS=200
#   ENGINES="sqlite postgresql" (pages: which engines)
#   QUICK=1: small sizes to try the script (RUNS=1 FLOW_DOCS=10 LAG_LETTERS=5 ROWS=20000 REPEATS=30)
#   BEFORE=DIR: another build (e.g. of the commit before a change) measured in the same run:
#          the one-server PostgreSQL flow and the PostgreSQL pages run with DIR's vanthu first,
#          then BUILD's (same database fill, same clients from BUILD), each line labelled
#   SETUPS="sqlite pg pg2" (flow: which set-ups)
# Figures in docs/performance.md ("PostgreSQL").
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
WHAT=${2:-all}
if [ -n "${QUICK:-}" ]; then
    RUNS=${RUNS:-1} FLOW_DOCS=${FLOW_DOCS:-10} LAG_LETTERS=${LAG_LETTERS:-5}
    ROWS=${ROWS:-20000} REPEATS=${REPEATS:-30}
fi
RUNS=${RUNS:-3}
FLOW_DOCS=${FLOW_DOCS:-40}
THREADS=${THREADS:-1 4}
LAG_LETTERS=${LAG_LETTERS:-20}
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-200}
PORT=${PORT:-18190} # PORT, PORT+1: the servers; PORT+2: nginx

cmake --build "$BUILD" --target vanthu bench_server_flow bench_search_lag bench_register_fill \
    bench_register_pages -j2 >/dev/null
VANTHU=$BUILD/vanthu
# label DIR: how a line names the build it measured
label() { if [ -n "${BEFORE:-}" ]; then [ "$1" = "$BEFORE" ] && echo " (before)" || echo " (after)"; fi; }

WORK=$(mktemp -d /tmp/vanthu-pgbench-XXXXXX)
PGDIR=/tmp/vanthu-pg-bench-$$
PIDS=()
NGINX_PID=
stop_servers() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    PIDS=()
}
cleanup() {
    stop_servers
    scripts/pg-instance stop "$PGDIR" || true
    rm -rf "$WORK"
}
trap cleanup EXIT

CONNINFO=$(PG_FSYNC=on scripts/pg-instance start "$PGDIR")
PGHOST_DIR=$PGDIR
database() { # a fresh database on the private server: its connection string
    createdb -h "$PGHOST_DIR" -p 5432 "$1"
    echo "${CONNINFO/dbname=vanthu/dbname=$1}"
}

echo "== $(date -u '+%F %T UTC'), commit $(git rev-parse --short HEAD), build $BUILD" \
    "($(grep -s CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2))"
echo "   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ { print $2 " GiB" }'); $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version)," \
    "SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
load() { echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }
load

# serve DIR PORT ARGS…: vanthu serve in the background, once it answers.
serve() {
    local dir=$1 port=$2
    shift 2
    "$VANTHU" serve --data "$dir" --listen "127.0.0.1:$port" "$@" >>"$dir.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return 0
        sleep 0.1
    done
    echo "vanthu serve on $port did not answer:" >&2
    cat "$dir.log" >&2
    return 1
}

# nginx PORT UPSTREAM…: Debian's nginx in front (as tests/server/NginxFront.cpp).
nginx_front() {
    local port=$1 dir=$WORK/nginx servers=
    shift
    mkdir -p "$dir"
    for upstream in "$@"; do servers+="    server 127.0.0.1:$upstream;"$'\n'; done
    cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  upstream vanthu {
$servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://vanthu;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_read_timeout 300s;
    }
  }
}
EOF
    /usr/sbin/nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" &
    NGINX_PID=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return 0
        sleep 0.1
    done
    cat "$dir/error.log" >&2
    return 1
}

median() { python3 -c 'import statistics,sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.2f}")' "$@"; }

# flow_runs NAME PORT ACCOUNTS: RUNS runs of FLOW_DOCS letters for each THREADS; the medians.
flow_runs() {
    local name=$1 port=$2 accounts=$3
    for threads in $THREADS; do
        local rates=() issues=()
        for _ in $(seq 1 "$RUNS"); do
            local out
            out=$("$BUILD/bench_server_flow" "$port" "$accounts" "$FLOW_DOCS" "$threads")
            rates+=("$(sed -n 's/^whole flow: .* s, \(.*\) documents\/s$/\1/p' <<<"$out")")
            issues+=("$(sed -n 's/^issue step: \([0-9.]*\) ms each.*/\1/p' <<<"$out")")
        done
        echo "| $name | $threads | $(median "${rates[@]}") | ${rates[*]} | $(median "${issues[@]}") ms |"
    done
}

if [ "$WHAT" = flow ] || [ "$WHAT" = all ]; then
    echo
    echo "== whole flow over HTTP: $FLOW_DOCS letters a run, $RUNS runs, medians"
    echo "| Servers | Client threads | Letters/s (median) | runs | Issue step, mean per letter (median) |"
    echo "|---|---|---|---|---|"
    SETUPS=${SETUPS:-sqlite pg pg2}
    if [[ " $SETUPS " == *" sqlite "* ]]; then
        serve "$WORK/sqlite" "$PORT" --demo
        flow_runs "1, SQLite" "$PORT" "$WORK/sqlite/demo-accounts.txt"
        stop_servers
        load
    fi

    n=0
    for build in ${BEFORE:-} "$BUILD"; do
        [[ " $SETUPS " == *" pg "* ]] || break
        VANTHU=$build/vanthu
        n=$((n + 1))
        serve "$WORK/pg1-$n" "$PORT" --demo --database "$(database "flow1_$n")"
        flow_runs "1, PostgreSQL$(label "$build")" "$PORT" "$WORK/pg1-$n/demo-accounts.txt"
        stop_servers
        load
    done
    VANTHU=$BUILD/vanthu
fi

if { [ "$WHAT" = flow ] || [ "$WHAT" = all ]; } && [[ " $SETUPS " == *" pg2 "* ]]; then
    # Two servers: the same database and keys (pki/), each its own search index.
    serve "$WORK/pgA" "$PORT" --demo --database "$(database flow2)"
    mkdir -p "$WORK/pgB"
    cp -r "$WORK/pgA/pki" "$WORK/pgB/pki"
    cp "$WORK/pgA/database" "$WORK/pgB/database"
    serve "$WORK/pgB" "$((PORT + 1))"
    nginx_front "$((PORT + 2))" "$PORT" "$((PORT + 1))"
    flow_runs "2, PostgreSQL, nginx" "$((PORT + 2))" "$WORK/pgA/demo-accounts.txt"
    load

    echo
    echo "== search index lag: $LAG_LETTERS letters issued on A, searched on B"
    "$BUILD/bench_search_lag" "$PORT" "$((PORT + 1))" "$WORK/pgA/demo-accounts.txt" "$LAG_LETTERS"
    stop_servers
    load
fi

if [ "$WHAT" = pages ] || [ "$WHAT" = all ]; then
    for engine in ${ENGINES:-sqlite postgresql}; do
        echo
        echo "== register pages, $engine, $ROWS rows"
        dir=$WORK/pages-$engine
        if [ "$engine" = sqlite ]; then
            year=$("$BUILD/bench_register_fill" "$dir" "$ROWS")
            ls -l "$dir/vanthu.db" | awk '{ print "   database file: " $5 " bytes" }'
        else
            conninfo=$(database pages)
            year=$("$BUILD/bench_register_fill" "$dir" "$ROWS" --database "$conninfo")
            echo "   database: $(psql "$conninfo" -qAt -c 'SELECT pg_size_pretty(pg_database_size(current_database()))')"
        fi
        load
        builds=("$BUILD")
        [ "$engine" = postgresql ] && [ -n "${BEFORE:-}" ] && builds=("$BEFORE" "$BUILD")
        for build in "${builds[@]}"; do
            VANTHU=$build/vanthu
            echo "   vanthu: $build$(label "$build")"
            serve "$dir" "$PORT"
            "$BUILD/bench_register_pages" "$PORT" "$dir/demo-accounts.txt" "$year" "$REPEATS"
            stop_servers
            load
        done
        VANTHU=$BUILD/vanthu
        if [ "$engine" = postgresql ]; then
            office=$(psql "$conninfo" -qAt -c "SELECT office_id FROM outgoing_register GROUP BY office_id ORDER BY COUNT(*) DESC LIMIT 1")
            middle=$(psql "$conninfo" -qAt -c "SELECT issued_date FROM register_day_sizes WHERE office_id = $office AND year = $year GROUP BY issued_date ORDER BY issued_date OFFSET 182 LIMIT 1")
            echo "   PostgreSQL's plan of the middle page (the day's rows from $middle on):"
            psql "$conninfo" -qAt -c "SELECT pg_size_pretty(pg_relation_size('register_day_sizes')) AS day_tallies" | sed 's/^/     day tallies: /'
            psql "$conninfo" -qAt -c "EXPLAIN (ANALYZE, BUFFERS) SELECT document_id, number, notation, issued_date, type_name, subject, signer_name, recipients, archive_copy, series, EXISTS (SELECT 1 FROM access_limits WHERE object = 'document/' || document_id) AS limited FROM outgoing_register WHERE office_id = $office AND year = $year AND issued_date >= '$middle' ORDER BY issued_date, series, number LIMIT 50 OFFSET 1000" | sed 's/^/     /'
            psql "$conninfo" -qAt -c "EXPLAIN (ANALYZE, BUFFERS) SELECT issued_date, SUM(rows) AS n FROM register_day_sizes WHERE office_id = $office AND year = $year GROUP BY issued_date ORDER BY issued_date" | sed 's/^/     /'
        fi
        rm -rf "$dir"
    done
fi
