#!/usr/bin/env bash
# Smoke test of the container image on this machine: installs podman, runc and mmdebstrap from Debian if missing, builds
# the base image (build-base.sh) and the bot's image from the linux-x64 publish output (deploy/publish.sh makes it when
# absent), runs it, waits for /healthz/ready, asks "sổ đỏ tách thửa cần giấy tờ gì" on /api/messages (expectReplies)
# and expects procedure 1.012784, then stops it with SIGTERM and expects exit code 0. Prints one line per step.
# Machine notes (Debian 12 VM, cgroups v1 + an empty cgroup2 "unified" mount, no CAP_SYS_RESOURCE): crun refuses the
# hybrid cgroup layout, so runc runs the containers; podman's default rlimits cannot be set, so lower ones are given;
# host networking keeps it off the CNI bridge. Exit 0 = passed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive
image=localhost/tro-ly-dat-dai:smoke
name=tro-ly-dat-dai-smoke-$$
publish=artifacts/publish/bot/linux-x64

missing=()
command -v podman >/dev/null || missing+=(podman)
[[ -x /usr/sbin/runc ]] || missing+=(runc)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [[ ${#missing[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "smoke.sh: cần root để cài ${missing[*]}" >&2; exit 3; }
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2> >(grep -v '^debconf: delaying' >&2 || true)
fi
run=(podman --runtime /usr/sbin/runc)
limits=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

[[ -x "$publish/Assistant.Bot" && -s "$publish/wwwroot/webchat/webchat.js" ]] || deploy/publish.sh
deploy/container/build-base.sh
"${run[@]}" build --quiet "${limits[@]}" -f deploy/container/Containerfile -t "$image" "$publish" >/dev/null
echo "smoke.sh: built $image ($("${run[@]}" image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'))"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { "${run[@]}" rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"${run[@]}" run -d --name "$name" --network=host "${limits[@]}" -e "Urls=http://127.0.0.1:$port" "$image" >/dev/null
for i in $(seq 1 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz/ready" || true) == 200 ]] && break
  [[ $i -eq 300 ]] && { echo "smoke.sh: not ready after 300 s" >&2; "${run[@]}" logs "$name" | tail -20 >&2; exit 1; }
  sleep 1
done
echo "smoke.sh: ready on 127.0.0.1:$port after ${i} s"

reply=$(curl -s -X POST "http://127.0.0.1:$port/api/messages" -H 'Content-Type: application/json' --data-binary @- <<'JSON'
{"type":"message","id":"1","channelId":"emulator","serviceUrl":"http://127.0.0.1:9","conversation":{"id":"smoke"},
 "from":{"id":"citizen"},"recipient":{"id":"bot"},"locale":"vi-VN","deliveryMode":"expectReplies",
 "text":"sổ đỏ tách thửa cần giấy tờ gì"}
JSON
)
grep -q '1\.012784' <<<"$reply" || { echo "smoke.sh: unexpected reply: ${reply:0:500}" >&2; exit 1; }
echo "smoke.sh: answered with procedure 1.012784"

"${run[@]}" stop -t 40 "$name" >/dev/null
code=$("${run[@]}" inspect "$name" --format '{{.State.ExitCode}}')
[[ $code == 0 ]] || { echo "smoke.sh: exit code $code after SIGTERM" >&2; "${run[@]}" logs "$name" | tail -20 >&2; exit 1; }
echo "smoke.sh: stopped by SIGTERM, exit code 0 — passed"
