#!/usr/bin/env bash
# Sets up a machine to run every test (`npm test`): what running needs (setup.sh), then Debian's
# Chromium for the browser tests, PostgreSQL 15 for the server suite and CJK fonts for screenshots
# and receipts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DEBIAN_FRONTEND=noninteractive
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
fc-list 2>/dev/null | grep -qi 'cjk' || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup-test: installing ${need[*]}"
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup-test: please install ${need[*]} (sudo apt-get install ${need[*]})" >&2
  fi
fi
