#!/usr/bin/env bash
# Sets up a machine to run the till and its server (`npm start`): Node 20.19 or later must be there;
# the openssl command (for `npm run make-cert`, the shop's HTTPS certificate) is installed when
# missing; then the exact npm dependencies from package-lock.json (the app is built from them at the
# first start). What only the tests need (Chromium, PostgreSQL 15, CJK fonts) is in setup-test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "setup: Regulars needs Node.js 20.19 or later (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
# Installs the Debian packages named, as root, or says how.
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing $*"
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  else
    echo "setup: please install $* (sudo apt-get install $*)" >&2
  fi
}
need=()
command -v openssl >/dev/null || need+=(openssl)
apt_install "${need[@]}"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
