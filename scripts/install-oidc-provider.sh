#!/usr/bin/env bash
# Installs the test OpenID provider's package (npm oidc-provider, pinned in tests/Assistant.Bot.Tests/oidc/package.json)
# into tests/Assistant.Bot.Tests/oidc/node_modules (gitignored). TEST ONLY: the sign-in tests run it on 127.0.0.1
# (OidcTestProvider). Idempotent: does nothing when it is already there (FORCE=1 to reinstall).
set -euo pipefail
cd "$(dirname "$0")/../tests/Assistant.Bot.Tests/oidc"

wanted=$(node -p "require('./package.json').dependencies['oidc-provider']")
if [[ -f node_modules/oidc-provider/package.json && "${FORCE:-0}" != "1" ]] \
   && [[ "$(node -p "require('./node_modules/oidc-provider/package.json').version")" == "$wanted" ]]; then
  echo "install-oidc-provider.sh: oidc-provider@$wanted already present"
  exit 0
fi

command -v npm >/dev/null || { echo "install-oidc-provider.sh: npm is required (node.js)" >&2; exit 1; }
npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
echo "install-oidc-provider.sh: installed oidc-provider@$(node -p "require('./node_modules/oidc-provider/package.json').version")"
