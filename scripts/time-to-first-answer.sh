#!/usr/bin/env bash
# Seconds from starting the bot (a Release build of this tree: `dotnet build src/Assistant.Bot -c Release` first) on an
# EMPTY store to its first answered question over /api/messages once /healthz says ready (the bot replies to messages
# even while indexing, from whatever part of the corpus is in; ready is when the whole corpus answers). Every run gets fresh temp folders (store, state, keys),
# so the bundled corpus is indexed from nothing, as on a fresh clone. Extra arguments become environment variables of the
# bot, e.g. Embeddings__Provider=none or Embeddings__Background=false.
# BOT_DLL=path/Assistant.Bot.dll measures another build (e.g. a copy of the build before a change).
# Usage: scripts/time-to-first-answer.sh [RUNS] [NAME=VALUE ...]    (prints one line per run: seconds, then the spread)
# The machine it runs on may be shared: say so next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; shift || true
bot="${BOT_DLL:-src/Assistant.Bot/bin/Release/net10.0/Assistant.Bot.dll}"
[ -f "$bot" ] || { echo "build first: dotnet build src/Assistant.Bot -c Release" >&2; exit 2; }
question='{"type":"message","id":"q1","channelId":"emulator","serviceUrl":"http://127.0.0.1:9/","deliveryMode":"expectReplies","conversation":{"id":"ttfa"},"from":{"id":"u1","role":"user"},"recipient":{"id":"bot"},"locale":"vi-VN","text":"tách thửa đất cần giấy tờ gì"}'
times=()
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(date +%s.%N)
  env Urls="http://127.0.0.1:$port" Store__Path="$dir/store" Conversation__StatePath="$dir/state.db" \
      Triage__DatabasePath="$dir/triage.db" Triage__ModelPath="$dir/model/triage-model.zip" Audit__DatabasePath="$dir/audit.db" \
      DataProtection__KeysPath="$dir/keys" ASPNETCORE_ENVIRONMENT=Production "$@" \
      dotnet "$bot" >"$dir/bot.log" 2>&1 &
  pid=$!
  answered=""
  for _ in $(seq 1 12000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 30 "http://127.0.0.1:$port/healthz" || true)" = 200 ]; then
      body=$(curl -s -m 30 -H 'Content-Type: application/json' -d "$question" "http://127.0.0.1:$port/api/messages" || true)
      if [[ "$body" == *'"activities"'* && "$body" == *'"text"'* ]]; then answered=yes; break; fi
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  end=$(date +%s.%N)
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if [ -z "$answered" ]; then echo "run $run: no answer (log: $dir/bot.log)" >&2; exit 1; fi
  secs=$(echo "$end - $start" | bc -l | xargs printf '%.1f')
  echo "run $run: ${secs} s to the first answer"
  times+=("$secs")
  rm -rf "$dir"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "min %s s, median %s s, max %s s over %d runs\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
