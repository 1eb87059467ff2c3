#!/usr/bin/env bash
# Installs Lua 5.1 (the dialect of Argo CD's gopher-lua) and lua-cjson from Debian, pinned, to run
# the Argo CD health check against real AppStack objects in the integration tests.
set -euo pipefail
source "$(dirname "$0")/versions.env"
if command -v lua5.1 >/dev/null 2>&1 && lua5.1 -e 'require("cjson")' >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "lua5.1 and lua-cjson are missing: run as root, or apt-get install lua5.1 lua-cjson" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "lua5.1=${LUA_DEB_VERSION}" "lua-cjson=${LUA_CJSON_DEB_VERSION}" >/dev/null
