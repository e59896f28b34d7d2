#!/bin/sh
# The search benchmark (issue 6, item 6); figures in docs/performance.md, section "Search".
#   bench/search/run.sh BUILD_DIR WORK_DIR [COUNT] [ENGINE_COUNT]
#   (REINDEX=0: keep the data folder's index when it has one, e.g. to measure a new build's queries)
# 1. engines side by side in-process on ENGINE_COUNT letters (Xapian, SQLite FTS5);
# 2. a data folder with COUNT letters (bench_search generate);
# 3. the index rebuilt from the database: 'vanthu search reindex' (build rate, size on disk);
# 4. the server under /usr/bin/time -v (peak memory) and the query mix through the API.
set -eu
build=$(cd "$1" && pwd)
work=$2
count=${3:-1000000}
engineCount=${4:-100000}
port=${PORT:-18431}
mkdir -p "$work"
out="$work/results.md"
: > "$out"
echo "## machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -Iseconds)" >> "$out"

if [ "$engineCount" -gt 0 ]; then
  echo "### engines, $engineCount letters, in-process" >> "$out"
  "$build/bench_search" engines "$engineCount" "$work/engines" >> "$out"
  rm -rf "$work/engines"
fi

data="$work/data-$count"
if [ ! -f "$data/vanthu.db" ]; then
  echo "### generate $count letters" >> "$out"
  "$build/bench_search" generate "$data" "$count" >> "$out"
fi

if [ "${REINDEX:-1}" != 0 ] || [ ! -d "$data/search" ]; then
  echo "### reindex (load $(cut -d' ' -f1-3 /proc/loadavg))" >> "$out"
  /usr/bin/time -v "$build/vanthu" search reindex --data "$data" >> "$out" 2> "$work/reindex-time.txt"
  grep -E "Maximum resident|Elapsed" "$work/reindex-time.txt" >> "$out"
fi
du -sh "$data/search" "$data/vanthu.db" >> "$out"

echo "### query mix through the API (load $(cut -d' ' -f1-3 /proc/loadavg))" >> "$out"
/usr/bin/time -v "$build/vanthu" serve --data "$data" --listen "127.0.0.1:$port" \
  > "$work/serve.log" 2> "$work/serve-time.txt" &
server=$!
for i in $(seq 1 600); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/health" && break
  sleep 1
done
password=$(awk '$1 == "vanthu.vq" {print $2}' "$data/accounts.txt")
"$build/bench_search" query "$port" vanthu.vq "$password" "${ROUNDS:-25}" >> "$out"
kill -TERM "$(pgrep -P $server vanthu || echo $server)" 2>/dev/null || true
wait $server || true
grep -E "Maximum resident" "$work/serve-time.txt" | sed 's/^/server: /' >> "$out"
echo "done $(date -Iseconds)" >> "$out"
