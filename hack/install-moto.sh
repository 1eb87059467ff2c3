#!/usr/bin/env bash
# Installs the AWS API emulator (moto in server mode) at a pinned version into a virtualenv in the
# cache directory, outside the repo. Prints the path of the moto_server executable.
set -euo pipefail
source "$(dirname "$0")/versions.env"
cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
venv="$cache/moto-${MOTO_VERSION}"
if [[ ! -x "$venv/bin/moto_server" ]]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" >&2
fi
echo "$venv/bin/moto_server"
