#!/usr/bin/env bash
# Signing and verification figures: bench/signing/run.sh BUILD_DIR
# Needs: openssl, hyperfine, podofosign (libpodofo-utils), pdfsig (poppler-utils).
set -euo pipefail
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== load"; uptime
echo "== raw RSA-2048 private-key rate (the limit): per CPU second (default), per wall second (-elapsed)"
openssl speed -seconds 3 rsa2048 2>/dev/null | grep -E '^rsa 2048|^ *sign' | tail -2
openssl speed -elapsed -seconds 3 rsa2048 2>/dev/null | grep -E '^rsa 2048' | tail -1
echo "== in process"
"$build"/bench_signing 3 "$out"
echo "== whole process: vanthu sign vs podofosign (same letter, same key)"
openssl pkcs12 -in "$out/signer1.p12" -passin pass:vanthu -nocerts -nodes -out "$out/key.pem" 2>/dev/null
openssl pkcs12 -in "$out/signer1.p12" -passin pass:vanthu -nokeys -clcerts -out "$out/cert.pem" 2>/dev/null
hyperfine -N --warmup 3 --runs 30 \
  "$build/vanthu sign $out/letter.pdf -o $out/v.pdf --p12 $out/signer1.p12" \
  "podofosign -in $out/letter.pdf -out $out/p.pdf -cert $out/cert.pem -pkey $out/key.pem"
echo "== whole process: vanthu verify vs pdfsig (same signed file)"
hyperfine -N --warmup 3 --runs 30 -i \
  "$build/vanthu verify $out/signed.pdf --trust $out/ca.pem" \
  "$build/vanthu verify $out/signed.pdf --trust $out/ca.pem --child-process" \
  "$build/vanthu verify $out/signed.pdf --trust $out/ca.pem --no-sandbox" \
  "$build/vanthu --help" \
  "pdfsig $out/signed.pdf"
echo "== start-up: libraries the vanthu executable loads, and the dynamic loader's work"
ldd "$build/vanthu" | wc -l
LD_DEBUG=statistics "$build/vanthu" verify "$out/signed.pdf" --trust "$out/ca.pem" 2>&1 >/dev/null |
  grep -E "total startup time|number of relocations:" | head -2
echo "== raw RSA-2048 private-key rate again (after the runs)"
openssl speed -seconds 3 rsa2048 2>/dev/null | grep -E '^rsa 2048' | tail -1
