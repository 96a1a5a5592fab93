#!/usr/bin/env bash
# Re-runs the repair of the bundled legal texts (issue 11) from the texts as first sourced, so the output and the lists in
# data/regulations/repairs/ can be checked to be reproducible: after a run `git status` must show no change.
# The first committed version of each file is the text as sourced (see data/regulations/SOURCES.md). The VBHN's
# footnotes come from the source's chunk file when it is at hand (VBHN_CHUNKS), else the committed extract is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
reg=data/regulations
rep=$reg/repairs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
first() { git show "$(git log --reverse --format=%H -- "$1" | head -1):$1"; }
first $reg/luat-dat-dai_vbhn-133-2025.md > "$tmp/vbhn.md"
first $reg/luat-dat-dai-2024_31-2024-QH15.md > "$tmp/law-2024.md"
chunks=${VBHN_CHUNKS:-/work/shared/corpus/regulations/luat-dat-dai_vbhn-133-2025_chunks.json}
footnotes=(--footnotes "$rep/vbhn-133-2025.footnotes.tsv")
if [ -f "$chunks" ]; then footnotes=(--chunks "$chunks" "${footnotes[@]}"); fi
tool=tools/vbhn-repair/repair-vbhn.cs
dotnet run "$tool" -- --source "$tmp/vbhn.md" --original "$tmp/law-2024.md" \
  --original-manual $rep/luat-31-2024-QH15.manual.tsv --original-out $reg/luat-dat-dai-2024_31-2024-QH15.md \
  --original-repairs $rep/luat-31-2024-QH15.tsv \
  --manual $rep/vbhn-133-2025.manual.tsv --out $reg/luat-dat-dai_vbhn-133-2025.md --repairs $rep/vbhn-133-2025.tsv \
  "${footnotes[@]}"
first $reg/nghi-dinh-50-2026-ND-CP.md > $reg/nghi-dinh-50-2026-ND-CP.md
dotnet run "$tool" -- --fix $reg/nghi-dinh-50-2026-ND-CP.md --manual $rep/nghi-dinh-50-2026-ND-CP.manual.tsv \
  --repairs $rep/nghi-dinh-50-2026-ND-CP.tsv
