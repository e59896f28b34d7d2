#!/bin/sh
# Builds server/web/dist/ from the locked npm packages. Exits non-zero on any failure.
set -eu
cd "$(dirname "$0")"
# npm ci only when the installed packages do not match the lockfile (npm writes its own copy).
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null &&
   [ ! node_modules/.package-lock.json -nt package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
test -s dist/index.html && test -s dist/pdf.worker.min.mjs && ls dist/app-*.js dist/style-*.css >/dev/null
