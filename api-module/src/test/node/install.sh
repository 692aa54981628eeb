#!/usr/bin/env bash
# Installs the Node clients NodeClientsTest drives (openai, @huggingface/inference; versions pinned in
# package.json / package-lock.json) into api-module/src/test/node/node_modules. Idempotent: does nothing
# when they are installed. Node and npm come from Debian when the machine has none.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f node_modules/openai/package.json ] && [ -f node_modules/@huggingface/inference/package.json ]; then
  echo "node clients: already installed"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
npm ci --no-audit --no-fund --loglevel=error
echo "node clients: installed ($(node --version))"
