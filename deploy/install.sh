#!/usr/bin/env bash
# Installs the published bot (and the indexer CLI) as the systemd service tro-ly-dat-dai. Idempotent: run it again to
# upgrade; the environment file and the state directory are never overwritten.
#
#   deploy/install.sh [--bot DIR] [--indexer DIR] [--prefix DIR]
#
#   --bot DIR      the bot's publish output (default artifacts/publish/bot/linux-x64; deploy/publish.sh makes it)
#   --indexer DIR  the indexer's publish output (default artifacts/publish/indexer/linux-x64; skipped when absent)
#   --prefix DIR   a test install: every path under DIR (DIR/opt, DIR/etc, DIR/var/lib), the unit's paths rewritten to
#                  match, no user created, systemctl not called. Without it: /opt/tro-ly-dat-dai, /etc/tro-ly-dat-dai,
#                  /var/lib/tro-ly-dat-dai, /etc/systemd/system, the system user tro-ly-dat-dai; needs root.
# Exit codes: 0 installed, 2 bad option or missing publish output, 1 anything else failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
name=tro-ly-dat-dai
bot="$root/artifacts/publish/bot/linux-x64"
indexer="$root/artifacts/publish/indexer/linux-x64"
prefix=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bot) bot=${2:?--bot needs a folder}; shift 2 ;;
    --indexer) indexer=${2:?--indexer needs a folder}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "install.sh: tùy chọn không hợp lệ '$1' (xem --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -x "$bot/Assistant.Bot" || ! -f "$bot/appsettings.json" ]]; then
  echo "install.sh: không thấy bản phát hành của bot trong '$bot' (chạy deploy/publish.sh trước)" >&2
  exit 2
fi
if [[ ! -s "$bot/wwwroot/webchat/webchat.js" ]]; then
  echo "install.sh: bản phát hành thiếu wwwroot/webchat/webchat.js (scripts/install-webchat.sh, rồi deploy/publish.sh)" >&2
  exit 2
fi

if [[ -n "$prefix" ]]; then
  mkdir -p "$prefix"
  prefix=$(cd "$prefix" && pwd)
elif [[ $(id -u) -ne 0 ]]; then
  echo "install.sh: cần quyền root để cài vào hệ thống (hoặc dùng --prefix DIR để cài thử)" >&2
  exit 2
fi

opt="$prefix/opt/$name"
etc="$prefix/etc/$name"
state="$prefix/var/lib/$name"
units="$prefix/etc/systemd/system"

# The service user: no login, no home of its own beyond the state directory.
if [[ -z "$prefix" ]] && ! id -u "$name" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "/var/lib/$name" --no-create-home --shell /usr/sbin/nologin "$name"
  echo "install.sh: created system user $name"
fi

install -d -m 0755 "$opt" "$units"
install -d -m 0750 "$etc" "$state"
[[ -z "$prefix" ]] && chown "$name:$name" "$state"

# Copy next to the running version, then swap: a failed copy leaves the old build in place.
copy_build() { # from, to
  local from=$1 to=$2
  rm -rf "$to.new" "$to.old"
  mkdir -p "$to.new"
  cp -a "$from/." "$to.new/"
  # Read-only for the service: owned by root (or the installing user under --prefix), no write bit for others.
  chmod -R u+rwX,go+rX,go-w "$to.new"
  [[ -d "$to" ]] && mv "$to" "$to.old"
  mv "$to.new" "$to"
  rm -rf "$to.old"
}
copy_build "$bot" "$opt/bot"
echo "install.sh: bot → $opt/bot"
if [[ -x "$indexer/assistant-indexer" ]]; then
  copy_build "$indexer" "$opt/indexer"
  echo "install.sh: indexer → $opt/indexer (e.g. sudo -u $name $opt/indexer/assistant-indexer doctor)"
else
  echo "install.sh: no indexer build in '$indexer', skipped"
fi
install -m 0644 "$here/README.md" "$opt/README.md"

# Secrets: created once from the example, root-only, never overwritten.
envfile="$etc/$name.env"
if [[ ! -f "$envfile" ]]; then
  install -m 0600 "$here/$name.env.example" "$envfile"
  echo "install.sh: created $envfile (mode 0600): put the secrets there"
fi
chmod 0600 "$envfile"

# The unit, its paths moved under the prefix for a test install.
unit="$units/$name.service"
sed -e "s#/opt/$name#$opt#g" -e "s#/etc/$name#$etc#g" -e "s#/var/lib/$name#$state#g" \
  "$here/systemd/$name.service" > "$unit.tmp"
chmod 0644 "$unit.tmp"
mv "$unit.tmp" "$unit"
echo "install.sh: unit → $unit"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$unit"
  echo "install.sh: systemd-analyze verify: ok"
fi

if [[ -z "$prefix" && -d /run/systemd/system ]]; then
  systemctl daemon-reload
  systemctl enable "$name.service" >/dev/null
  if systemctl is-active --quiet "$name.service"; then
    systemctl restart "$name.service"
    echo "install.sh: restarted $name.service"
  else
    echo "install.sh: enabled $name.service; start it with: systemctl start $name"
  fi
elif [[ -z "$prefix" ]]; then
  echo "install.sh: systemd is not running here; the unit is installed for the next boot"
fi
