#!/usr/bin/env bash
# How the cost of rendering a draft grows with its length (issue 19, item 5): State letters of
# 250 to 5,000 paragraphs (5,000 is the most a draft may have, DraftLimits) are rendered in
# process by bench_render (a batch of one render, REPS repetitions, medians of wall and CPU
# time), and the time per paragraph is shown: flat when the cost is linear. Figures of a run are
# in docs/performance.md ("Rendering long drafts").
#
#   bench/render-length.sh            (VANTHU_BUILD_DIR, default build; REPS, default 5;
#                                      COUNTS, default "250 500 1000 2000 4000 5000")
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${VANTHU_BUILD_DIR:-build}
REPS=${REPS:-5}
COUNTS=${COUNTS:-250 500 1000 2000 4000 5000}
cmake --build "$BUILD" --target bench_render >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '| Paragraphs | Pages | Render ms (wall median) | Render ms (CPU median) | CPU ms per paragraph | Parse ms (median) | Parse ms per paragraph |\n|--:|--:|--:|--:|--:|--:|--:|\n'
for n in $COUNTS; do
  python3 - "$n" "$work/letter-$n.json" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
letter = json.load(open("bench/data/one-page-letter.json", encoding="utf-8"))
letter["body"] = "\n\n".join(
    f"Đoạn {i + 1}. Ủy ban nhân dân huyện đề nghị các cơ quan, đơn vị rà soát, tổng hợp và "
    "báo cáo kết quả thực hiện trước ngày 25 hằng tháng." for i in range(n))
json.dump(letter, open(out, "w", encoding="utf-8"), ensure_ascii=False)
PY
  out=$("$BUILD/bench_render" --reps "$REPS" --batch 1 --warmup-ms 0 --no-ten-page \
    "$work/letter-$n.json")
  pages=$(sed -n 's/^.*: \([0-9]*\) page(s).*$/\1/p' <<<"$out" | head -n1)
  median=$(sed -n 's/^  render *median *\([0-9.]*\) ms.*$/\1/p' <<<"$out" | head -n1)
  cpu=$(sed -n 's/^  render *median.*CPU median *\([0-9.]*\) ms.*$/\1/p' <<<"$out" | head -n1)
  parse=$(sed -n 's/^  parse only *median *\([0-9.]*\) ms.*$/\1/p' <<<"$out" | head -n1)
  awk -v n="$n" -v p="$pages" -v m="$median" -v c="$cpu" -v q="$parse" \
    'BEGIN { printf "| %d | %d | %.1f | %.1f | %.3f | %.1f | %.3f |\n", n, p, m, c, c / n, q, q / n }'
done
