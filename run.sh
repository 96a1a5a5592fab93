#!/usr/bin/env bash
# Main job on the embedded default: the bot answering from the bundled corpus. Installs what is missing (apt packages,
# the Web Chat bundle), builds, and starts the bot; on first start with an empty ./store it indexes data/regulations
# itself (GET /healthz answers 503 until that is done). Arguments go to the bot, e.g. --urls http://127.0.0.1:3978
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh >&2
./scripts/install-webchat.sh >&2
dotnet build src/Assistant.Bot -c Release -nologo -v q >&2
exec dotnet src/Assistant.Bot/bin/Release/net10.0/Assistant.Bot.dll --contentRoot "$PWD/src/Assistant.Bot" "$@"
