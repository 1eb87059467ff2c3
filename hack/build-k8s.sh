#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kubectl at pinned versions from Go modules into the cache
# directory that fabric8 kube-api-test reads in offline mode. No prebuilt binary is downloaded:
# only Go modules from the module proxy.
set -euo pipefail
source "$(dirname "$0")/versions.env"

cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
out="$cache/kube-api-test/k8s/${K8S_VERSION}-linux-amd64"
if [[ -x "$out/kube-apiserver" && -x "$out/etcd" && -x "$out/kubectl" ]]; then
  echo "k8s binaries ${K8S_VERSION} present in $out"
  exit 0
fi

work="$cache/k8s-build/${K8S_VERSION}"
mkdir -p "$work" "$out"
cd "$work"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

# k8s.io/kubernetes pins its staging modules at v0.0.0 and replaces them with ./staging paths;
# as a dependency those replaces do not apply, so each one is replaced with its published tag.
kmod=$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
staging_tag="v0.${K8S_VERSION#1.}"
{
  echo "module appstack.io/k8s-build"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes v${K8S_VERSION}"
  echo
  grep -oE '^\s*k8s\.io/[a-z0-9.-]+ => \./staging/src/k8s\.io/[a-z0-9.-]+' "$kmod" \
    | awk -v tag="$staging_tag" '{print "replace " $1 " => " $1 " " tag}'
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2}' "$kmod")
go get "k8s.io/kubernetes@v${K8S_VERSION}" "go.etcd.io/etcd/server/v3@${etcd_version}" >/dev/null

ver="v${K8S_VERSION}"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=${ver} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)"
echo "building kube-apiserver, kubectl ${ver} and etcd ${etcd_version} (first time takes several minutes)"
go build -trimpath -ldflags "$ldflags" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
go build -trimpath -ldflags "$ldflags" -o "$out/kubectl" k8s.io/kubernetes/cmd/kubectl
go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
"$out/etcd" --version | head -1
"$out/kube-apiserver" --version
