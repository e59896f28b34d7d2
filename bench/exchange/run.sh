#!/bin/sh
# Exchange benchmark (issue 5): builds bench_exchange and runs it; figures in docs/performance.md
# (section "Exchange"). Usage: bench/exchange/run.sh [BUILD_DIR] [bench_exchange options]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-bench}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVANTHU_BENCH=ON >/dev/null
cmake --build "$build" --target bench_exchange -j2 >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench_exchange" "$@"
