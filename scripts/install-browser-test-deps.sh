#!/usr/bin/env bash
# Installs puppeteer-core (pinned in tests/Assistant.Bot.Tests/browser/package.json) into
# tests/Assistant.Bot.Tests/browser/node_modules (gitignored), for the officer sign-in test in headless Chromium.
# puppeteer-core downloads no browser: the test points it at Debian's chromium (scripts/install-browser.sh).
# Idempotent: does nothing when the pinned version is already there (FORCE=1 to reinstall).
set -euo pipefail
cd "$(dirname "$0")/../tests/Assistant.Bot.Tests/browser"

pkg="node_modules/puppeteer-core"
command -v node >/dev/null || { echo "install-browser-test-deps.sh: node is required (node.js)" >&2; exit 1; }
want=$(node -p "require('./package.json').dependencies['puppeteer-core']")

if [[ -f "$pkg/package.json" && "${FORCE:-0}" != "1" ]] \
   && [[ "$(node -p "require('./$pkg/package.json').version")" == "$want" ]]; then
  echo "install-browser-test-deps.sh: puppeteer-core@$want already present"
  exit 0
fi

command -v npm >/dev/null || { echo "install-browser-test-deps.sh: npm is required (node.js)" >&2; exit 1; }
# No browser download either way (puppeteer-core has none); the variable keeps it so if that ever changes.
PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
[[ -f "$pkg/package.json" ]] || { echo "install-browser-test-deps.sh: $pkg missing after npm install" >&2; exit 1; }
echo "install-browser-test-deps.sh: installed puppeteer-core@$(node -p "require('./$pkg/package.json').version") into $(pwd)/node_modules"
