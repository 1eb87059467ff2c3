#!/usr/bin/env bash
# Installs promtool (Debian's prometheus package, pinned) for `promtool test rules`.
set -euo pipefail
source "$(dirname "$0")/versions.env"
if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "promtool is missing: run as root, or: apt-get install prometheus=${PROMETHEUS_DEB_VERSION}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "prometheus=${PROMETHEUS_DEB_VERSION}" >/dev/null
# The package starts a Prometheus server where systemd runs; the tests need only promtool.
(systemctl stop prometheus 2>/dev/null || pkill -x prometheus 2>/dev/null) || true
