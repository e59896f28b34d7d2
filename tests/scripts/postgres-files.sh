#!/bin/sh
# The flows' tests run on PostgreSQL by their file (tests/docmgmt/CMakeLists.txt names the
# DemoWorld test files; Catch's file tags pick them). Fails when a named file lists no test (a
# renamed file would drop out of the PostgreSQL run without a word), and when a test file built
# on DemoWorld is not named (unless all its tests are [sqlite]).
# Usage: postgres-files.sh TEST_SOURCE_DIR CATCH_BINARY FILE...
dir=$1
binary=$2
shift 2
status=0
for file in "$@"; do
  if [ "$("$binary" -# "[#${file}Test]" --list-test-names-only | grep -c .)" -eq 0 ]; then
    echo "$file: named for the PostgreSQL run, but no test has the tag [#${file}Test]"
    status=1
  fi
done
for source in "$dir"/*Test.cpp; do
  name=$(basename "$source" Test.cpp)
  grep -Eq 'DemoWorld|PolicyWorld|RoutingWorld|CaseFileFixtures|IncomingFixtures' "$source" || continue
  case " $* " in *" $name "*) continue ;; esac
  if [ "$("$binary" -# "[#${name}Test]~[sqlite]" --list-test-names-only | grep -c .)" -ne 0 ]; then
    echo "$source: built on DemoWorld but not named for the PostgreSQL run (tests/docmgmt/CMakeLists.txt)"
    status=1
  fi
done
exit $status
