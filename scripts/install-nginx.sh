#!/usr/bin/env bash
# Installs nginx from Debian (nginx-light: TLS, HTTP/2, proxy; no extra modules) for the reverse-proxy deployment test
# (tests/Assistant.Bot.Tests/Deployment). The test runs its own nginx (own prefix, pid and temp paths, unprivileged
# ports); the package's service is stopped if installing started it. Idempotent.
# Exit codes: 0 installed/present, 3 cannot install here (not root and no sudo), other = install failed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then
  echo "install-nginx.sh: nginx already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -E)
else
  echo "install-nginx.sh: nginx missing and cannot install it (needs root or sudo)" >&2
  exit 3
fi

echo "install-nginx.sh: installing nginx-light"
"${SUDO[@]}" apt-get update -qq >/dev/null
# policy-rc.d 101: the package must not start the system nginx (port 80) on a build machine.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 0755 "$policy"
  created_policy=1
fi
status=0
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
  2> >(grep -v '^debconf: delaying package configuration' >&2 || true) || status=$?
[[ $created_policy -eq 1 ]] && "${SUDO[@]}" rm -f "$policy"
[[ $status -eq 0 ]] || exit "$status"
[[ -x /usr/sbin/nginx ]] || { echo "install-nginx.sh: nginx not found after install" >&2; exit 1; }
echo "install-nginx.sh: done ($(/usr/sbin/nginx -v 2>&1))"
