#!/usr/bin/env bash
# Server benchmark (issue 4): wrk on loopback against `vanthu serve`:
#   1. GET a document's metadata (/api/documents/{id})
#   2. GET the outgoing register of a year with 100,000 documents (/api/registers/outgoing)
#   3. issued documents per second through the whole flow (bench_server_flow)
# Usage: bench/server/run.sh [BUILD_DIR]   (default build-server; COUNT=100000 DURATION=15s)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-server}
COUNT=${COUNT:-100000}
DURATION=${DURATION:-15s}
FLOW_DOCS=${FLOW_DOCS:-40}
PORT=${PORT:-18090}

command -v wrk >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y wrk; }
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target vanthu bench_server_seed bench_server_flow -j"$(nproc)" >/dev/null

DATA=$(mktemp -d /tmp/vanthu-bench-XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" || true
    rm -rf "$DATA"
}
trap cleanup EXIT

echo "== seeding $COUNT issued documents into $DATA"
DOC_ID=$("$BUILD/bench_server_seed" "$DATA" "$COUNT")

"$BUILD/vanthu" serve --data "$DATA" --listen "127.0.0.1:$PORT" >"$DATA/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done

password() { awk -v u="$1" '$1 == u { print $2 }' "$DATA/demo-accounts.txt"; }
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"vanthu.vq\",\"password\":\"$(password vanthu.vq)\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"
YEAR=$(date +%Y)
ROWS=$(curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/api/registers/outgoing?year=$YEAR" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "register rows: $ROWS; one register page (50 rows): $(curl -sf -H "$AUTH" \
    "http://127.0.0.1:$PORT/api/registers/outgoing?year=$YEAR" | wc -c) bytes"

echo "== wrk: GET /api/documents/$DOC_ID"
wrk -t2 -c16 -d"$DURATION" --latency -H "$AUTH" "http://127.0.0.1:$PORT/api/documents/$DOC_ID"

echo "== wrk: GET /api/registers/outgoing?year=$YEAR (first page of $ROWS rows)"
wrk -t2 -c4 -d"$DURATION" --timeout 30s --latency -H "$AUTH" \
    "http://127.0.0.1:$PORT/api/registers/outgoing?year=$YEAR"

echo "== whole flow: $FLOW_DOCS letters, create → submit → approve → sign → issue"
"$BUILD/bench_server_flow" "$PORT" "$DATA/demo-accounts.txt" "$FLOW_DOCS" 1
"$BUILD/bench_server_flow" "$PORT" "$DATA/demo-accounts.txt" "$FLOW_DOCS" 4
