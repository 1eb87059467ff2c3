#!/usr/bin/env bash
# Builds helm at a pinned version from its Go module into the cache (no prebuilt download).
set -euo pipefail
source "$(dirname "$0")/versions.env"
cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
bin="$cache/helm-${HELM_VERSION}/helm"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$(dirname "$bin")"
  GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$(dirname "$bin")" \
    go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION}" \
    "helm.sh/helm/v3/cmd/helm@v${HELM_VERSION}" >&2
fi
echo "$bin"
