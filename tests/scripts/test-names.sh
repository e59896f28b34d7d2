#!/bin/sh
# Fails when a Catch2 test name holds a semicolon. catch_discover_tests cuts a name there, and
# ctest then runs a filter that matches no test and reports it as passed: the test never runs.
# Usage: test-names.sh CATCH_BINARY...
status=0
for binary in "$@"; do
  # Catch2 2.x exits with the number of tests it listed: only the output counts.
  names=$("$binary" --list-test-names-only)
  if [ "$(printf '%s\n' "$names" | grep -c .)" -eq 0 ]; then
    echo "$binary lists no test"
    status=1
  fi
  if printf '%s\n' "$names" | grep -q ';'; then
    echo "$binary: test names with ';' (ctest would report them passed without running them):"
    printf '%s\n' "$names" | grep ';'
    status=1
  fi
done
exit $status
