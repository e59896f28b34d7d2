#!/usr/bin/env bash
# Paged register benchmark (issue 17 item 4): fills this year's outgoing register of one office
# with ROWS rows (bench_register_fill, SQL in one transaction), starts `vanthu serve` and times
# the first, middle and last page and a filtered query through the API (bench_register_pages).
# Usage: bench/server/pages.sh [BUILD_DIR]   (default build; ROWS=1000000 REPEATS=200)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
ROWS=${ROWS:-1000000}
REPEATS=${REPEATS:-200}
PORT=${PORT:-18091}

cmake --build "$BUILD" --target vanthu bench_register_fill bench_register_pages -j2 >/dev/null

DATA=$(mktemp -d /tmp/vanthu-pages-XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" || true
    rm -rf "$DATA"
}
trap cleanup EXIT

echo "== filling $ROWS register rows into $DATA"
YEAR=$("$BUILD/bench_register_fill" "$DATA" "$ROWS")
ls -l "$DATA/vanthu.db" | awk '{ print "database: " $5 " bytes" }'

"$BUILD/vanthu" serve --data "$DATA" --listen "127.0.0.1:$PORT" >"$DATA/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done

echo "== pages of the outgoing register $YEAR through the API"
"$BUILD/bench_register_pages" "$PORT" "$DATA/demo-accounts.txt" "$YEAR" "$REPEATS"
