#!/usr/bin/env bash
# The render benchmark (issue 2, item 9): builds vanthu and bench_render (RelWithDebInfo, in
# build/), then measures
#   - in-process: bench_render (medians over repeated batches of renders, documents/second,
#     parse+render, peak RSS) for the one-page letter, the two-page sample and a ten-page letter;
#   - whole-process: `vanthu render` against LibreOffice headless converting the same letter
#     (a flat ODT written by bench/letter_to_fodt.py), side by side in one hyperfine run per
#     letter, and the peak RSS of each (/usr/bin/time -f %M, median of several runs);
#     `vanthu --help` runs alongside as the floor of process start-up.
# Ends with Markdown tables; docs/performance.md holds the figures of a run.
#
# Environment: VANTHU_BUILD_DIR (default build), RUNS (hyperfine minimum runs, default 10),
# WARMUP (hyperfine warm-up runs, default 3), MEM_RUNS (runs for peak memory, default 5),
# REPS (bench_render repetitions, default 9).
# LibreOffice is installed when missing (libreoffice-writer-nogui, as root or through sudo); it
# is a benchmark peer only and deliberately not in scripts/bootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${VANTHU_BUILD_DIR:-build}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-3}
MEM_RUNS=${MEM_RUNS:-5}
REPS=${REPS:-9}
ONE_PAGE=bench/data/one-page-letter.json
TWO_PAGE=samples/party-commune-cv-753.json

install_missing() {
  local missing=()
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  command -v python3 >/dev/null || missing+=(python3)
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v pdfinfo >/dev/null || missing+=(poppler-utils)
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "render.sh: installing ${missing[*]} (benchmark only)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_missing

echo "== build ($BUILD, RelWithDebInfo)" >&2
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVANTHU_BENCH=ON >/dev/null
cmake --build "$BUILD" --target vanthu bench_render -j"$(nproc)" >/dev/null

TMP=$(mktemp -d /tmp/vanthu-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
LO_PROFILE="file://$TMP/lo-profile"

pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }

echo "== machine" >&2
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MACHINE="$(nproc) CPU(s), $CPU, $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "$MACHINE"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vanthu $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- templates server 2>/dev/null || echo ' (+ working-tree changes)'), $(soffice --version | head -1), $(hyperfine --version)"

echo
echo "== in-process: $BUILD/bench_render --reps $REPS --write-ten-page $TMP/ten-page.json $ONE_PAGE $TWO_PAGE"
"$BUILD/bench_render" --reps "$REPS" --write-ten-page "$TMP/ten-page.json" "$ONE_PAGE" "$TWO_PAGE" |
  tee "$TMP/inprocess.txt"

# The peer's inputs: the same letters as flat ODT. A first conversion creates the LibreOffice
# profile, so that no timed run pays for it.
python3 bench/letter_to_fodt.py "$ONE_PAGE" "$TMP/one-page.fodt"
python3 bench/letter_to_fodt.py "$TMP/ten-page.json" "$TMP/ten-page.fodt"
mkdir -p "$TMP/lo"
soffice "-env:UserInstallation=$LO_PROFILE" --headless --convert-to pdf --outdir "$TMP/lo" \
  "$TMP/one-page.fodt" "$TMP/ten-page.fodt" >/dev/null 2>&1

ROWS=()
for letter in one-page ten-page; do
  json=$ONE_PAGE
  [ "$letter" = ten-page ] && json=$TMP/ten-page.json
  vanthu_cmd="$BUILD/vanthu render $json -o $TMP/x.pdf"
  lo_cmd="soffice -env:UserInstallation=$LO_PROFILE --headless --convert-to pdf --outdir $TMP/lo $TMP/$letter.fodt"
  $vanthu_cmd
  $lo_cmd >/dev/null 2>&1
  vanthu_pages=$(pages "$TMP/x.pdf")
  lo_pages=$(pages "$TMP/lo/$letter.pdf")

  echo
  echo "== whole-process, $letter letter ($vanthu_pages page(s) from vanthu, $lo_pages from LibreOffice)"
  tools=(vanthu libreoffice)
  cmds=("$vanthu_cmd" "$lo_cmd")
  if [ "$letter" = one-page ]; then
    # The floor of any vanthu command: process start, dynamic linking, static initialisers.
    tools+=(vanthu-start)
    cmds+=("$BUILD/vanthu --help")
  fi
  args=()
  for i in "${!tools[@]}"; do
    args+=(-n "${tools[$i]}" "${cmds[$i]}")
  done
  hyperfine -N --warmup "$WARMUP" --min-runs "$RUNS" --export-json "$TMP/hyperfine-$letter.json" \
    "${args[@]}"

  for i in "${!tools[@]}"; do
    : >"$TMP/$letter-${tools[$i]}.rss"
    for _ in $(seq "$MEM_RUNS"); do
      /usr/bin/time -f %M -a -o "$TMP/$letter-${tools[$i]}.rss" ${cmds[$i]} >/dev/null 2>&1
    done
  done
  ROWS+=("$letter|vanthu|$vanthu_pages" "$letter|libreoffice|$lo_pages")
  [ "$letter" = one-page ] && ROWS+=("$letter|vanthu-start|-")
done

python3 - "$TMP" "${ROWS[@]}" <<'EOF'
import json, statistics, sys
tmp, rows = sys.argv[1], sys.argv[2:]
print("\n| Letter | Tool | Pages | Median ms | Mean ± σ ms | Min ms | Runs | Peak RSS median (MiB) |")
print("|---|---|--:|--:|--:|--:|--:|--:|")
medians = {}
for row in rows:
    letter, tool, pages = row.split("|")
    result = next(r for r in json.load(open(f"{tmp}/hyperfine-{letter}.json"))["results"]
                  if r["command"] == tool)
    rss = [int(l) for l in open(f"{tmp}/{letter}-{tool}.rss") if l.strip().isdigit()]
    medians[(letter, tool)] = result["median"]
    print(f"| {letter} | {tool} | {pages} | {result['median'] * 1000:.1f} | "
          f"{result['mean'] * 1000:.1f} ± {result['stddev'] * 1000:.1f} | "
          f"{result['min'] * 1000:.1f} | {len(result['times'])} | "
          f"{statistics.median(rss) / 1024:.1f} |")
for letter in ("one-page", "ten-page"):
    ratio = medians[(letter, "libreoffice")] / medians[(letter, "vanthu")]
    print(f"\n{letter}: vanthu is {ratio:.0f}x faster than LibreOffice (median wall time).", end="")
print()
EOF
echo
echo "In-process (bench_render):"
sed -n '/^| Document/,$p' "$TMP/inprocess.txt"
