#!/usr/bin/env bash
# Runs every test of the solution on this machine. Installs what the tests need first (apt: tesseract-ocr,
# tesseract-ocr-vie, poppler-utils, fonts), so it works on a fresh machine. Prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
dotnet build Assistant.sln -c Release -warnaserror -nologo -v q
log=$(mktemp)
set +e
dotnet test Assistant.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain summary line over all test projects (dotnet test prints one per project).
grep -E "^(Passed|Failed)!" "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}'
rm -f "$log"
exit "$status"
