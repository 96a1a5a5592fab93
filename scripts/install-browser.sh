#!/usr/bin/env bash
# Installs headless Chromium (Debian package "chromium") for the Web Chat page test. Idempotent.
# Exit codes: 0 installed/present, 3 cannot install here (not root and no sudo), other = install failed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then
    echo "install-browser.sh: $(command -v "$candidate") already installed"
    exit 0
  fi
done

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -E)
else
  echo "install-browser.sh: chromium missing and cannot install it (needs root or sudo)" >&2
  exit 3
fi

echo "install-browser.sh: installing chromium"
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
  2> >(grep -v '^debconf: delaying package configuration' >&2 || true)
command -v chromium >/dev/null || { echo "install-browser.sh: chromium not found after install" >&2; exit 1; }
echo "install-browser.sh: done ($(chromium --version 2>/dev/null || echo chromium))"
