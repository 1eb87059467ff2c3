#!/usr/bin/env bash
# Called by hack/build-image.sh: the image's class-data-sharing archive (AppCDS). The operator is
# started the way the image starts it (the image's own JRE, its entrypoint flags, the app at
# /app, files dated as in the layer, as the non-root user, by chroot into a copy of the image's
# root) against the real local apiserver and moto, and does real work: the example stack is
# applied, followed to Ready and deleted. At exit the JVM writes every class it loaded, parsed and
# verified, into an archive that the entrypoint maps at start. Then start-up to ready is timed,
# three times each with and without the archive, and printed.
#
# usage: cds-train.sh ROOTFS APP_JAR LIB_DIR OUT_JSA   (needs root: chroot and a /proc mount)
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/versions.env
cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
source hack/control-plane.sh
rootfs=$1 jar=$2 lib=$3 out=$4
if [[ $(id -u) -ne 0 ]]; then
  echo "the image's CDS training run needs root (hard links into the cached root filesystem, chroot, /proc)" >&2
  exit 1
fi
mapfile -t flags < <(jvm_flags)
# Next to the cached root filesystem, so that it can be hard-linked (same file system).
mkdir -p "$cache/image"
work=$(mktemp -d "$cache/image/train.XXXXXX")
root="$work/root"
cleanup() {
  [[ -f "$work/operator.pid" ]] && kill -9 "$(cat "$work/operator.pid")" 2>/dev/null || true
  stop_pid_file "$work/control-plane.pid" "the training control plane" DevControlPlane >&2 || true
  umount "$root/proc" 2>/dev/null || umount -l "$root/proc" 2>/dev/null || true
  # Never into a /proc that is still mounted.
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# The image's root: the base by hard links (nothing in it is written), the app as in the layer.
cp -al "$rootfs" "$root"
mkdir -p "$root/app/lib"
cp "$jar" "$root/app/appstack-operator.jar"
cp "$lib"/* "$root/app/lib/"
# The archive records each jar's size and time; oci_image.py dates every file of the app layer 0.
find "$root/app" -exec touch -h -d @0 {} +
mount -t proc proc "$root/proc"

control_plane_up "$work" >&2
endpoint=$(cat "$work/aws-endpoint")
# The kubeconfig and its certificates where the chrooted user can read them.
mkdir -p "$root/tmp/kube"
certs=$(sed -n 's#^ *\(certificate-authority\|client-certificate\|client-key\): \(.*\)#\2#p' "$work/kubeconfig")
for f in $certs; do cp "$f" "$root/tmp/kube/"; done
chmod -R a+rX "$root/tmp/kube"
sed "s#: .*/\([^/]*\.\(crt\|key\)\)\$#: /tmp/kube/\1#" "$work/kubeconfig" > "$root/tmp/kube/kubeconfig"
export KUBECONFIG="$work/kubeconfig" AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training AWS_REGION=us-east-1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# run_operator EXTRA_FLAG...: the entrypoint's command in the image's root, in the background.
run_operator() {
  chroot --userspec=65532:65532 "$root" env -i PATH=/usr/bin:/bin HOME=/home/nonroot \
    JAVA_TOOL_OPTIONS=-Xmx128m MALLOC_ARENA_MAX=2 KUBECONFIG=/tmp/kube/kubeconfig \
    AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training APPSTACK_AWS_ENDPOINT="$endpoint" \
    APPSTACK_HTTP_PORT="$port" APPSTACK_PROGRESS_INTERVAL=2s APPSTACK_DEFAULT_CLUSTER=staging \
    APPSTACK_DEFAULT_EXECUTION_ROLE_ARN=arn:aws:iam::123456789012:role/appstack-exec \
    java "${flags[@]}" "$@" -jar /app/appstack-operator.jar >> "$work/operator.log" 2>&1 &
  echo $! > "$work/operator.pid"
}

# stop_operator: SIGTERM, then up to 60 s for the JVM to exit (it writes the archive at exit).
stop_operator() {
  local pid
  pid=$(cat "$work/operator.pid")
  kill "$pid" 2>/dev/null || fail "the operator had exited already"
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"
    fail "the operator did not exit within 60 s of SIGTERM"
  fi
  rm -f "$work/operator.pid"
}

fail() {
  echo "cds-train: $1; the operator's log:" >&2
  tail -40 "$work/operator.log" >&2
  exit 1
}

net=$(network "$endpoint")
read -r vpc subnet_a subnet_b <<< "$net"
run_operator -XX:ArchiveClassesAtExit=/tmp/appstack.jsa
wait_for 60 "the training operator to be ready" curl -sf "http://127.0.0.1:$port/readyz" || fail "not ready"
example_stack "$vpc" "$subnet_a" "$subnet_b" | "$kubectl" apply -f - >&2
"$kubectl" wait appstack/shop -n staging --for=condition=Ready --timeout=180s >&2 || fail "the stack did not get Ready"
"$kubectl" delete appstack/shop -n staging --timeout=180s >&2 || fail "the stack was not deleted"
stop_operator
[[ -s "$root/tmp/appstack.jsa" ]] || fail "no archive written"

# ms_to_ready EXTRA_FLAG...: one start, in milliseconds from launch to /readyz answering 200.
ms_to_ready() {
  local t0 t1
  t0=$(date +%s%N)
  run_operator "$@"
  for _ in $(seq 1 3000); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.02; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" || fail "not ready"
  t1=$(date +%s%N)
  stop_operator
  echo $(( (t1 - t0) / 1000000 ))
}
with=() without=()
for _ in 1 2 3; do
  # -Xshare:on: a start fails, rather than silently runs without, if the archive cannot be used.
  ms=$(ms_to_ready -Xshare:on -XX:SharedArchiveFile=/tmp/appstack.jsa); with+=("$ms")
  ms=$(ms_to_ready); without+=("$ms")
done
# Only an archive the timed starts mapped (-Xshare:on) goes into the image.
cp "$root/tmp/appstack.jsa" "$out"
echo "AppCDS archive $(du -m "$out" | cut -f1) MiB; start to ready with it: ${with[*]} ms, without: ${without[*]} ms" >&2
