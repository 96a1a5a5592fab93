#!/usr/bin/env bash
# Builds the base image localhost/tro-ly-dat-dai-base:bookworm from Debian 12 packages (mmdebstrap, the essential set
# plus what a self-contained .NET program needs), for machines that reach the Debian mirror but no container registry.
# Idempotent: does nothing when the image exists (FORCE=1 rebuilds). Needs root, podman and mmdebstrap (apt).
set -euo pipefail
image=localhost/tro-ly-dat-dai-base:bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if podman image exists "$image" && [[ "${FORCE:-0}" != "1" ]]; then
  echo "build-base.sh: $image already present"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mmdebstrap --quiet --variant=essential --include=ca-certificates,libicu72,libssl3,zlib1g,libstdc++6,tzdata \
  bookworm "$tmp/rootfs.tar" "$mirror"
podman import --quiet "$tmp/rootfs.tar" "$image" >/dev/null
echo "build-base.sh: $image built from $mirror"
