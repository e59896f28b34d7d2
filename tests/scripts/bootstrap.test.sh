#!/usr/bin/env bash
# scripts/bootstrap on simulated machines: dpkg-query, apt-get, sudo, id, node and npm are stubs on
# PATH that answer as such a machine would and record what they were asked; nothing is installed.
# Usage: bootstrap.test.sh PATH/TO/scripts/bootstrap
set -uo pipefail
bootstrap=$1
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

# The real tools the script and the stubs use, and nothing else (no real node, npm or apt-get).
tools="$work/tools"
mkdir -p "$tools"
for t in bash awk grep cat tr sed mkdir touch sort head wc date sleep rm ln; do
  ln -s "$(command -v "$t")" "$tools/$t"
done

# machine NAME UID NODE_VERSION INSTALLED... : a simulated machine in $work/NAME.
machine() {
  local dir="$work/$1" uid=$2 node=$3
  shift 3
  mkdir -p "$dir/stubs"
  printf '%s\n' "$@" >"$dir/installed"
  : >"$dir/log"
  echo "$node" >"$dir/node-version"
  cat >"$dir/stubs/dpkg-query" <<STUB
#!/usr/bin/env bash
# dpkg-query -W -f=FORMAT PKG...: prints installed ones, exits 1 when any was never installed.
shift 2
status=0
for p in "\$@"; do
  if grep -qx "\$p" "$dir/installed"; then echo "\$p install ok installed"
  else echo "dpkg-query: no packages found matching \$p" >&2; status=1; fi
done
exit \$status
STUB
  cat >"$dir/stubs/apt-get" <<STUB
#!/usr/bin/env bash
echo "apt-get \$*" >>"$dir/log"
[ "\$(cat "$dir/uid-now")" = 0 ] || { echo "E: permission denied" >&2; exit 100; }
[ -e "$dir/apt-fails" ] && { echo "E: unable to fetch" >&2; exit 100; }
if [ "\$1" = install ]; then
  for p in "\$@"; do
    case "\$p" in -*|install) ;; *) echo "\$p" >>"$dir/installed"
      [ "\$p" = npm ] && ln -sf "$dir/npm-impl" "$dir/stubs/npm"
      [ "\$p" = nodejs ] && { echo 18.19.0 >"$dir/node-version"; ln -sf "$dir/node-impl" "$dir/stubs/node"; } ;;
    esac
  done
fi
exit 0
STUB
  cat >"$dir/stubs/sudo" <<STUB
#!/usr/bin/env bash
echo "sudo \$*" >>"$dir/log"
echo 0 >"$dir/uid-now"; "\$@"; s=\$?; echo $uid >"$dir/uid-now"; exit \$s
STUB
  echo "$uid" >"$dir/uid-now"
  cat >"$dir/stubs/id" <<STUB
#!/usr/bin/env bash
cat "$dir/uid-now"
STUB
  cat >"$dir/node-impl" <<STUB
#!/usr/bin/env bash
# node -p 'process.versions.node.split(".")[0]'
v=\$(cat "$dir/node-version"); echo "\${v%%.*}"
STUB
  cat >"$dir/npm-impl" <<STUB
#!/usr/bin/env bash
echo "npm \$*" >>"$dir/log"
[ -e "$dir/registry-down" ] && { echo "npm error network" >&2; exit 1; }
[ "\$(cat "$dir/uid-now")" = 0 ] || { echo "npm error EACCES" >&2; exit 243; }
case " \$* " in *" node@20 "*) echo 20.20.2 >"$dir/node-version" ;; esac
exit 0
STUB
  chmod +x "$dir/stubs/"* "$dir/node-impl" "$dir/npm-impl"
  if [ "$node" != none ]; then
    ln -s "$dir/node-impl" "$dir/stubs/node"
    ln -s "$dir/npm-impl" "$dir/stubs/npm"
  fi
}

run() { # run NAME: bootstrap on that machine; stdout+stderr in NAME/out, status in NAME/status
  local dir="$work/$1"
  PATH="$dir/stubs:$tools" bash "$bootstrap" >"$dir/out" 2>&1
  echo $? >"$dir/status"
}

# Every package bootstrap asks dpkg-query about.
all=$(sed -n '/^PACKAGES=(/,/^)/p' "$bootstrap" | sed 's/#.*//' | tr ' ' '\n' | grep -v -e '^$' -e 'PACKAGES=(' -e '^)$' | sort)
count=$(wc -l <<<"$all")
check "the package list is read ($count packages)" '[ "$count" -gt 20 ]'

# 1. A fresh machine, an ordinary user with sudo, no Node.js at all.
machine fresh 1000 none
run fresh
check "fresh machine: exit 0" '[ "$(cat $work/fresh/status)" = 0 ]'
missing_after=$(while read -r p; do grep -qx "$p" "$work/fresh/installed" || echo "$p"; done <<<"$all")
check "fresh machine: nothing left missing${missing_after:+ (missing: $missing_after)}" '[ -z "$missing_after" ]'
check "fresh machine: apt-get update before install, through sudo" \
  'grep -q "^sudo apt-get update" $work/fresh/log && grep -q "^sudo apt-get install" $work/fresh/log'
check "fresh machine: Node.js 20 from the npm registry's node package, through sudo" \
  'grep -q "^sudo npm install --global .*node@20" $work/fresh/log && [ "$(cat $work/fresh/node-version)" = 20.20.2 ]'

# 2. Everything present, Node.js 20: nothing installed, quick.
machine ready 1000 20.20.2 $all
start=$(date +%s%N)
run ready
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "ready machine: exit 0" '[ "$(cat $work/ready/status)" = 0 ]'
check "ready machine: no apt-get, no npm, no sudo" '[ ! -s $work/ready/log ]'
check "ready machine: silent" '[ ! -s $work/ready/out ]'
check "ready machine: returns within 2 s (took ${elapsed_ms} ms)" '[ "$elapsed_ms" -lt 2000 ]'

# 3. Some packages present, as root: only the missing ones are installed, with no sudo.
half=$(head -n $((count / 2)) <<<"$all")
machine partial 0 20.20.2 $half
run partial
installed_again=$(grep '^apt-get install' $work/partial/log | tr ' ' '\n' | grep -x -F "$half" || true)
check "partial machine: exit 0" '[ "$(cat $work/partial/status)" = 0 ]'
check "partial machine: present packages not installed again" '[ -z "$installed_again" ]'
check "partial machine: as root, no sudo" '! grep -q "^sudo" $work/partial/log'
missing_after=$(while read -r p; do grep -qx "$p" "$work/partial/installed" || echo "$p"; done <<<"$all")
check "partial machine: nothing left missing" '[ -z "$missing_after" ]'

# 4. Debian's Node.js 18 and no registry: one line saying what to install, exit 1.
machine oldnode 0 18.19.0 $all
touch "$work/oldnode/registry-down"
run oldnode
check "old Node.js, registry down: exit 1" '[ "$(cat $work/oldnode/status)" = 1 ]'
check "old Node.js, registry down: one line naming Node.js 20" \
  '[ "$(wc -l <$work/oldnode/out)" -le 2 ] && grep -q "Node.js 20 or later" $work/oldnode/out'

# 5. apt-get fails: bootstrap fails, not silently passes.
machine aptdown 0 20.20.2
touch "$work/aptdown/apt-fails"
run aptdown
check "apt-get fails: bootstrap exits non-zero" '[ "$(cat $work/aptdown/status)" != 0 ]'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
