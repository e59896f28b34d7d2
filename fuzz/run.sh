#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, VANTHU_FUZZ=ON) and runs each for a
# while: fuzz/run.sh [SECONDS] [TARGET...] (default 300 s each, every target). New inputs go to
# build-fuzz/corpus/<target>/ (the seeds are only read); a crash leaves crash-* in
# build-fuzz/findings/<target>/ and stops that target. A crasher, once fixed, is kept under
# tests/data/fuzz-regressions/<target>/, which ctest replays in every test build.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(edxml_package edxml_zip_attachment json_body document_json import_csv pdf_signatures pdf_sign)
fi

# clang and its libFuzzer runtime are needed only here (CI replays the corpus with gcc), so they
# are installed when missing rather than listed in scripts/bootstrap.
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "fuzz/run.sh: installing clang and libclang-rt-14-dev (libFuzzer)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DVANTHU_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:intercept_tls_get_addr=0"  # see scripts/test
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target
  findings=build-fuzz/findings/$target
  mkdir -p "$corpus" "$findings"
  # The seeds are the regular files at the top of each seed folder (as the ctest replay reads
  # them; libFuzzer itself would descend into sub-folders).
  seeds=build-fuzz/seeds/$target
  rm -rf "$seeds" && mkdir -p "$seeds"
  while read -r folder; do
    [ -n "$folder" ] && [ -d "$folder" ] && find "$folder" -maxdepth 1 -type f -exec cp {} "$seeds/" \;
  done <"build-fuzz/fuzz/$target.seeds"
  case $target in
    edxml_package) max_len=131072 ;; # the seed packages are ~115 KB
    pdf_signatures) max_len=139264 ;; # the seed letters are 75-135 KB (B-LTA the largest)
    *) max_len=32768 ;;
  esac
  echo "fuzz: $target for ${seconds} s ($(ls "$seeds" | wc -l) seeds, max_len $max_len)" >&2
  if ! "build-fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$max_len" -artifact_prefix="$findings/" -print_final_stats=1 \
      "$corpus" "$seeds" 2>"build-fuzz/findings/$target.log"; then
    echo "fuzz: $target FOUND A FAULT: see build-fuzz/findings/$target.log and $findings/" >&2
    status=1
  fi
  tail -n 12 "build-fuzz/findings/$target.log" | grep -E '^(stat::|Done|#)' >&2 || true
done
exit $status
