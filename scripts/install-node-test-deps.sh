#!/usr/bin/env bash
# Installs the node test client's packages (botframework-directlinejs, xhr2, ws; pinned in
# tests/Assistant.Bot.Tests/node/package.json) into tests/Assistant.Bot.Tests/node/node_modules (gitignored).
# Idempotent: does nothing when they are already there (FORCE=1 to reinstall).
set -euo pipefail
cd "$(dirname "$0")/../tests/Assistant.Bot.Tests/node"

if [[ -f node_modules/botframework-directlinejs/package.json && -f node_modules/xhr2/package.json \
      && -f node_modules/ws/package.json && "${FORCE:-0}" != "1" ]]; then
  echo "install-node-test-deps.sh: node_modules already present"
  exit 0
fi

command -v npm >/dev/null || { echo "install-node-test-deps.sh: npm is required (node.js)" >&2; exit 1; }
npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
echo "install-node-test-deps.sh: installed $(node -p "Object.entries(require('./package.json').dependencies).map(([n,v])=>n+'@'+v).join(', ')")"
