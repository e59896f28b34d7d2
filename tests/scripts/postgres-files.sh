#!/bin/sh
# The tests that run a second time on PostgreSQL are picked by their file (the CMakeLists.txt of
# the test folder names the files; Catch's file tags pick them): DemoWorld's in tests/docmgmt,
# DocmgmtServer's in tests/server. Fails when a named file lists no test (a renamed file would
# drop out of the PostgreSQL run without a word), and when a test file that uses the fixture
# (its source matches PATTERN, grep -E) is not named (unless all its tests are [sqlite]).
# Usage: postgres-files.sh TEST_SOURCE_DIR CATCH_BINARY PATTERN FILE...
dir=$1
binary=$2
pattern=$3
shift 3
status=0
for file in "$@"; do
  if [ "$("$binary" -# "[#${file}Test]" --list-test-names-only | grep -c .)" -eq 0 ]; then
    echo "$file: named for the PostgreSQL run, but no test has the tag [#${file}Test]"
    status=1
  fi
done
for source in "$dir"/*Test.cpp; do
  name=$(basename "$source" Test.cpp)
  grep -Eq "$pattern" "$source" || continue
  case " $* " in *" $name "*) continue ;; esac
  if [ "$("$binary" -# "[#${name}Test]~[sqlite]" --list-test-names-only | grep -c .)" -ne 0 ]; then
    echo "$source: uses the fixture ($pattern) but is not named for the PostgreSQL run ($dir/CMakeLists.txt)"
    status=1
  fi
done
exit $status
