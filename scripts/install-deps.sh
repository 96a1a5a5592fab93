#!/usr/bin/env bash
# Installs the system packages the project needs (OCR, PDF rasterising, fonts for test rendering).
# Idempotent: does nothing when everything is already installed. Run as root (or with sudo available).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

required=(tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core)
optional=(fonts-noto-core)

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -E)
else
  echo "install-deps.sh: cần chạy với quyền root (hoặc có sudo) / must run as root or with sudo" >&2
  exit 1
fi

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${required[@]}" "${optional[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps.sh: all packages already installed"
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq >/dev/null

to_install=()
for p in "${missing[@]}"; do
  is_required=0
  for r in "${required[@]}"; do [[ $r == "$p" ]] && is_required=1; done
  if [[ $is_required -eq 1 ]]; then
    to_install+=("$p")
  elif apt-cache show "$p" >/dev/null 2>&1; then
    to_install+=("$p")
  else
    echo "install-deps.sh: optional package $p not available, skipping"
  fi
done

if [[ ${#to_install[@]} -gt 0 ]]; then
  # debconf's "delaying package configuration" notice is noise; real errors still reach stderr.
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${to_install[@]}" >/dev/null \
    2> >(grep -v '^debconf: delaying package configuration' >&2 || true)
fi

# Sanity check: the tools the readers call.
command -v tesseract >/dev/null || { echo "install-deps.sh: tesseract not found after install" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "install-deps.sh: pdftoppm not found after install" >&2; exit 1; }
tesseract --list-langs 2>/dev/null | grep -qx vie || { echo "install-deps.sh: tesseract 'vie' language data missing" >&2; exit 1; }
echo "install-deps.sh: done"
