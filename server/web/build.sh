#!/bin/sh
# Builds server/web/dist/ from the locked npm packages. Exits non-zero on any failure.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
test -s dist/index.html && test -s dist/pdf.worker.min.mjs && ls dist/app-*.js dist/style-*.css >/dev/null
