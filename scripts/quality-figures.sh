#!/usr/bin/env bash
# Prints every quality figure the project tracks, from a Release build of this tree (./test.sh or
# `dotnet build Assistant.sln -c Release` first): retrieval on the dev sets (assistant-indexer eval, embeddings off),
# the procedure matcher's top-1 accuracy, the bot's first-reply figures, the citations of replies, and triage on its dev
# set — with their misses, so that two trees can be compared line by line (a refactoring must print the same).
# Usage: scripts/quality-figures.sh [REPO_DIR] > figures.txt
set -uo pipefail
cd "${1:-$(dirname "$0")/..}"
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
indexer=src/Assistant.Indexer/bin/Release/net10.0/assistant-indexer.dll
export ASSISTANT_Embeddings__Provider=none
dotnet "$indexer" index data/regulations --store "$store" >/dev/null 2>&1
for set in eval/dev-scenarios.jsonl eval/dev-paraphrases.jsonl; do
  echo "== assistant-indexer eval $set"
  dotnet "$indexer" eval "$set" --store "$store" --failures 2>&1
done
filter="FullyQualifiedName~ProcedureEvalTests|FullyQualifiedName~First_reply|FullyQualifiedName~ReplyCitationEvalTests|FullyQualifiedName~ClassifierTests"
for project in tests/*.Tests; do
  echo "== $project"
  # Test output only: the runner's own lines (durations, counts) differ from run to run.
  dotnet test "$project" -c Release --no-build --filter "$filter" --logger "console;verbosity=detailed" 2>&1 \
    | grep -vE '^\s*(Passed|Failed|Skipped|Total|Test Run|Starting|A total|Standard Output Messages:|Results File)|^\s*$|\[[0-9.]+ m?s\]|Build|Determining|Restored|elapsed|version' \
    | sed 's/ *$//' | sort
done
