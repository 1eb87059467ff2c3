#!/usr/bin/env bash
# `make image`: the operator's OCI image as target/appstack-operator-image.tar, built without a
# container engine. The base is a minimal Debian bookworm with openjdk-17-jre-headless, made once by
# debootstrap from Debian's mirror into the cache; the entrypoint runs the same main as `make demo`,
# with a class-data-sharing archive trained against the local control plane (hack/cds-train.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/versions.env
cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
rootfs="$cache/image/rootfs-bookworm-jre17"
if [[ ! -x "$rootfs/usr/bin/java" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "building the base root filesystem needs root (debootstrap)" >&2
    exit 1
  fi
  command -v debootstrap >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq debootstrap >/dev/null; }
  rm -rf "$rootfs.tmp"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs.tmp" \
    "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >&2
  # Nothing of apt's caches in the image; a home for the non-root user.
  rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*
  echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >> "$rootfs.tmp/etc/passwd"
  echo "nonroot:x:65532:" >> "$rootfs.tmp/etc/group"
  mkdir -p "$rootfs.tmp/home/nonroot" && chown 65532:65532 "$rootfs.tmp/home/nonroot"
  mv "$rootfs.tmp" "$rootfs"
fi
jar=$(ls target/appstack-operator-*.jar | grep -v -- '-sources' | head -1)
bash hack/cds-train.sh "$rootfs" "$jar" target/lib target/appstack.jsa
python3 hack/oci_image.py "$rootfs" "$jar" target/lib target/appstack-operator-image.tar "$cache/image/layers" \
  "$(sed -n 's#.*<version>\(.*\)</version>.*#\1#p' pom.xml | sed -n 1p)" target/appstack.jsa
