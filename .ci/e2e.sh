#!/usr/bin/env bash
# Browser end-to-end tests: the bot + Microsoft 365 Agents Playground driven in Debian's Chromium.
# Installs chromium with apt-get only when it is missing, then runs `npm run test:e2e` (which
# installs nothing). Expects dependencies installed (npm ci). Screenshots of failures and the
# bot's/Playground's logs end up in build/e2e/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: no Chromium at $CHROMIUM; installing Debian's chromium package"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# (Debian's wrapper script prints a harmless shell warning on some machines; keep only the version.)
echo "e2e: $("$CHROMIUM" --version 2>/dev/null || echo "chromium at $CHROMIUM")"

npm run test:e2e
