#!/usr/bin/env bash
# Main job on the embedded default store: installs system packages if missing, builds, indexes the bundled
# corpus (data/regulations) into ./store — only new or changed files, so after the first run this takes seconds —
# then answers the question given as arguments (or shows what the store holds).
#   ./run.sh "tách thửa đất cần điều kiện gì"
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh >&2
dotnet build src/Assistant.Indexer -c Release -nologo -v q >&2
indexer=(dotnet src/Assistant.Indexer/bin/Release/net10.0/assistant-indexer.dll)
store="${ASSISTANT_STORE:-store}"
set +e
"${indexer[@]}" index data/regulations --store "$store" >&2
code=$?
set -e
# 3 = some files failed (reported above); the rest is indexed and searchable.
if [[ $code -ne 0 && $code -ne 3 ]]; then exit "$code"; fi
if [[ $# -gt 0 ]]; then
  exec "${indexer[@]}" search "$*" --store "$store"
else
  exec "${indexer[@]}" stats --store "$store"
fi
