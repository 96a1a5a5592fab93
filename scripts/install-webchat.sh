#!/usr/bin/env bash
# Installs the Web Chat bundle for the bot's citizen page: src/Assistant.Bot/wwwroot/webchat/webchat.js.
# Fetches one npm tarball (botframework-webchat, ~7 MB) and extracts only package/dist/webchat.js, a self-contained
# bundle; the file is gitignored. Idempotent: does nothing when the file is already there (FORCE=1 to refetch).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${WEBCHAT_VERSION:-4.18.1}"
target="src/Assistant.Bot/wwwroot/webchat/webchat.js"

if [[ -s "$target" && "${FORCE:-0}" != "1" ]]; then
  echo "install-webchat.sh: $target already present"
  exit 0
fi

command -v npm >/dev/null || { echo "install-webchat.sh: npm is required (node.js)" >&2; exit 1; }
command -v tar >/dev/null || { echo "install-webchat.sh: tar is required" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "botframework-webchat@${version}" >/dev/null)
tarball=$(ls "$tmp"/botframework-webchat-*.tgz)
tar -xzf "$tarball" -C "$tmp" package/dist/webchat.js
mkdir -p "$(dirname "$target")"
# Write atomically so a half-written bundle is never served.
cp "$tmp/package/dist/webchat.js" "$target.tmp"
mv "$target.tmp" "$target"
echo "install-webchat.sh: installed botframework-webchat@${version} dist/webchat.js ($(du -h "$target" | cut -f1)) into $target"
