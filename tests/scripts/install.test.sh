#!/bin/sh
# `cmake --install` makes a working installation (docs/deployment.md, "Installing the programs"):
# tests/scripts/install.test.sh BUILD_DIR. The installed vanthu finds its verb libraries
# (render, serve), vanthu-verify-sandbox (verify --child-process) and the web UI (serve) from
# its own folder.
set -eu
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
server=""
cmake --install "$build" --prefix "$work/prefix" >/dev/null
vanthu="$work/prefix/bin/vanthu"
test -x "$vanthu"
test -x "$work/prefix/lib/vanthu/vanthu-verify-sandbox"
test -f "$work/prefix/lib/vanthu/vanthu-verbs.so"
test -f "$work/prefix/lib/vanthu/vanthu-signing.so"
test -f "$work/prefix/share/vanthu/web/index.html"
# A mark in the installed page: the server must serve this copy, not the source tree's.
echo "<!-- vanthu installed web UI -->" >>"$work/prefix/share/vanthu/web/index.html"
# A verb from vanthu-verbs.so, one from vanthu-signing.so.
"$vanthu" render --list-types | grep -q "CV"
"$vanthu" pki demo "$work/pki" >/dev/null
# A letter signed, then verified in the spawned child process.
"$vanthu" render "$(dirname "$0")/../../samples/state-district-cv-draft.json" -o "$work/letter.pdf" >/dev/null
"$vanthu" sign "$work/letter.pdf" -o "$work/signed.pdf" --p12 "$work/pki/signer1.p12" >/dev/null
"$vanthu" verify "$work/signed.pdf" --trust "$work/pki/ca.pem" --child-process >"$work/report.txt"
grep -q "all signatures valid and trusted" "$work/report.txt"
# The server serves the installed web UI.
port=$((20000 + $$ % 20000))
"$vanthu" serve --demo --data "$work/data" --listen "127.0.0.1:$port" --no-ocr >"$work/serve.log" 2>&1 &
server=$!
# Node's fetch (Node.js is what the browser tests run on too; curl is not installed).
node -e '
const url = process.argv[1];
(async () => {
  for (let i = 0; i < 240; i++) {
    try { const r = await fetch(url + "/api/health"); if (r.ok) break; } catch (e) {}
    await new Promise((ok) => setTimeout(ok, 500));
  }
  const page = await (await fetch(url + "/")).text();
  if (!/app-[^"]*\.js/.test(page) || !page.includes("vanthu installed web UI")) {
    console.error("not the installed web UI at /:\n" + page.slice(0, 300));
    process.exit(1);
  }
})();' "http://127.0.0.1:$port"
echo "install: bin, lib/vanthu and share/vanthu/web work from $work/prefix"
