#!/usr/bin/env bash
# Runs every test of the solution on this machine. Installs what the tests need first (apt: tesseract-ocr,
# tesseract-ocr-vie, poppler-utils, fonts, chromium; the Web Chat bundle, the node Direct Line client and Microsoft 365
# Agents Playground, the Teams emulator; the test OpenID provider, npm oidc-provider; nginx-light for the reverse-proxy test), so it works on a fresh machine. Prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
./scripts/install-browser.sh
./scripts/install-webchat.sh
./scripts/install-node-test-deps.sh
./scripts/install-browser-test-deps.sh
./scripts/install-oidc-provider.sh
./scripts/install-playground.sh
./scripts/install-nginx.sh
dotnet build Assistant.sln -c Release -warnaserror -nologo -v q
# The linux-x64 build an operator installs (tests/Assistant.Bot.Tests/Deployment installs and runs it behind nginx).
./deploy/publish.sh
log=$(mktemp)
# Every test host appends its log lines here; scripts/check-test-logs.sh then fails the run if a CCCD, phone number or
# e-mail address of the test inputs reached any of them.
export ASSISTANT_TEST_LOG_DIR="$PWD/artifacts/test-logs"
rm -rf "$ASSISTANT_TEST_LOG_DIR"
mkdir -p "$ASSISTANT_TEST_LOG_DIR"
set +e
dotnet test Assistant.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
./scripts/check-test-logs.sh "$ASSISTANT_TEST_LOG_DIR" || status=1
set -e
# The failed tests again, with the first lines of their messages, just above the summary: a CI record that keeps only
# the end of the output still says which test failed and why.
if grep -q '^ *Failed [A-Za-z]' "$log"; then
  echo "failed tests:"
  awk '/^ *Failed [A-Za-z]/ {print; n=12; next} n > 0 {print; n--}' "$log" | cut -c1-300 | head -80
fi
# One plain summary line over all test projects (dotnet test prints a block per project).
awk '/^ +Passed: +[0-9]+$/ {p+=$2} /^ +Failed: +[0-9]+$/ {f+=$2} /^ +Skipped: +[0-9]+$/ {s+=$2}
     END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
rm -f "$log"
exit "$status"
