#!/usr/bin/env bash
# Installs Microsoft 365 Agents Playground (the Teams emulator; @microsoft/m365agentsplayground, pinned in
# tests/Assistant.Bot.Tests/playground/package.json) into tests/Assistant.Bot.Tests/playground/node_modules
# (gitignored), for AgentsPlaygroundTests. One self-contained package (~15 MB, no dependencies).
# Idempotent: does nothing when the pinned version is already there (FORCE=1 to reinstall).
set -euo pipefail
cd "$(dirname "$0")/../tests/Assistant.Bot.Tests/playground"

pkg="node_modules/@microsoft/m365agentsplayground"
command -v node >/dev/null || { echo "install-playground.sh: node is required (node.js)" >&2; exit 1; }
want=$(node -p "require('./package.json').dependencies['@microsoft/m365agentsplayground']")

if [[ -f "$pkg/cli.js" && -f "$pkg/package.json" && "${FORCE:-0}" != "1" ]] \
   && [[ "$(node -p "require('./$pkg/package.json').version")" == "$want" ]]; then
  echo "install-playground.sh: @microsoft/m365agentsplayground@$want already present"
  exit 0
fi

command -v npm >/dev/null || { echo "install-playground.sh: npm is required (node.js)" >&2; exit 1; }
npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
[[ -f "$pkg/cli.js" ]] || { echo "install-playground.sh: $pkg/cli.js missing after npm install" >&2; exit 1; }
echo "install-playground.sh: installed @microsoft/m365agentsplayground@$(node -p "require('./$pkg/package.json').version") into $(pwd)/node_modules"
