#!/usr/bin/env bash
# The bot bench (bench/Assistant.Bench.Bot) on an earlier build and on this tree, alternating, then side by side.
# REV (default 16b07bd, the build before issue 13's ranker work) is exported with `git archive` into a temp folder and
# built there (no git worktree is created); each bot runs with its own tree's settings and data files; the questions and
# the load client are this tree's. Extra arguments go to the bench (default --auth; e.g. --conversations 50 --turns 60 --auth).
# Usage: scripts/bench-bot-compare.sh [REV] [RUNS] [-- BENCH ARGS...]
# The machine may be shared: say so (and the load average this prints) next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-16b07bd}"; runs="${2:-1}"
shift $(( $# < 2 ? $# : 2 )); [ "${1:-}" = "--" ] && shift
# Both trees have officer sign-in on /api/triage: without bench arguments, --auth (the bench's token-issuer double).
[ $# -eq 0 ] && set -- --auth
work=$(mktemp -d /tmp/bench-bot-compare-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/before"
git archive "$rev" | tar -x -C "$work/before"
echo "building $rev in $work/before and this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'))…" >&2
(cd "$work/before" && dotnet build src/Assistant.Bot -c Release -nologo -v q >"$work/build-before.log" 2>&1) || { cat "$work/build-before.log" >&2; exit 1; }
dotnet build src/Assistant.Bot -c Release -nologo -v q >"$work/build-after.log" 2>&1 || { cat "$work/build-after.log" >&2; exit 1; }
dotnet build bench/Assistant.Bench.Bot -c Release -nologo -v q >"$work/build-bench.log" 2>&1 || { cat "$work/build-bench.log" >&2; exit 1; }
declare -A dll=([before]="$work/before/src/Assistant.Bot/bin/Release/net10.0/Assistant.Bot.dll" [after]="$PWD/src/Assistant.Bot/bin/Release/net10.0/Assistant.Bot.dll")
for run in $(seq 1 "$runs"); do
  for side in before after; do
    echo "run $run, $side: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    dotnet run -c Release --no-build --project bench/Assistant.Bench.Bot -- --bot "${dll[$side]}" "$@" | tee "$work/$side-$run.txt" >&2
    tail -1 "$work/$side-$run.txt" | jq -c --arg side "$side" --arg run "$run" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
      '{side: $side, run: $run, load: $load} + .' >>"$work/results.jsonl"
  done
done
echo
echo "bot bench, $rev (before) and $(git rev-parse --short HEAD) (after); target turn p95 ≤ 150 ms"
jq -r -s '["side","run","load","turn p50","turn p95","turn p99","turns/s","triage p95","triage req/s"],
  (.[] | [.side, .run, .load, (.p50|round), (.p95|round), (.p99|round), (.throughput|round), (.triageP95|round), (.triageRps|round)])
  | @tsv' "$work/results.jsonl" | column -t -s $'\t'
