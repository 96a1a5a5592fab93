#!/usr/bin/env bash
# Publishes the bot and the indexer with their linux-x64 profiles (self-contained: the server needs no .NET) into
# artifacts/publish/{bot,indexer}/linux-x64/. Fetches the Web Chat bundle first (the page needs it; it is not committed).
#   deploy/publish.sh [PROFILE]     PROFILE: linux-x64 (default), linux-x64-framework (bot only), win-x64
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-linux-x64}
./scripts/install-webchat.sh
dotnet publish src/Assistant.Bot -p:PublishProfile="$profile" -nologo -v q
if [[ -f "src/Assistant.Indexer/Properties/PublishProfiles/$profile.pubxml" ]]; then
  dotnet publish src/Assistant.Indexer -p:PublishProfile="$profile" -nologo -v q
fi
echo "publish.sh: $(du -sh "artifacts/publish/bot/$profile" | cut -f1) in artifacts/publish/bot/$profile"
