#!/usr/bin/env bash
# Checks the OCI image without a container engine: the archive's manifest and config (non-root
# user, entrypoint), then its layers unpacked into a folder and the entrypoint run there with
# chroot as that user: the image's own JRE must start the operator's main, which refuses an
# unknown flag with exit code 2 and a message.
set -euo pipefail
cd "$(dirname "$0")/.."
image=target/appstack-operator-image.tar
work=$(mktemp -d)
cleanup() { umount "$work/root/proc" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tar -xf "$image" -C "$work"
read -r user entrypoint layers < <(python3 - "$work" <<'PY'
import json, sys
d = sys.argv[1]
index = json.load(open(f"{d}/index.json"))
manifest = json.load(open(f"{d}/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
config = json.load(open(f"{d}/blobs/sha256/" + manifest["config"]["digest"][7:]))
print(config["config"]["User"], json.dumps(config["config"]["Entrypoint"]).replace(" ", ""),
      ",".join(l["digest"][7:] for l in manifest["layers"]))
PY
)
[[ "$user" == "65532:65532" ]] || { echo "image runs as '$user', not non-root 65532" >&2; exit 1; }
mkdir -p "$work/root"
for layer in ${layers//,/ }; do
  tar -xzf "$work/blobs/sha256/$layer" -C "$work/root"
done
mount -t proc proc "$work/root/proc"
set +e
out=$(chroot --userspec="$user" "$work/root" $(python3 -c "import json,sys;print(' '.join(json.loads(sys.argv[1])))" "$entrypoint") --bogus=1 2>&1)
code=$?
set -e
if [[ $code -ne 2 || "$out" != *"unknown setting(s) [bogus]"* ]]; then
  echo "the image's entrypoint did not run the operator as expected (exit $code): $out" >&2
  exit 1
fi
# The same with -Xshare:on, which makes the JVM fail rather than start without the entrypoint's
# class-data-sharing archive: the archive must fit the image's JRE and the app's jars as layered.
set +e
out=$(chroot --userspec="$user" "$work/root" $(python3 -c "import json,sys;e=json.loads(sys.argv[1]);print(' '.join([e[0],'-Xshare:on']+e[1:]))" "$entrypoint") --bogus=1 2>&1)
code=$?
set -e
if [[ $code -ne 2 ]]; then
  echo "the image's JRE cannot use its class-data-sharing archive (exit $code): $out" >&2
  exit 1
fi
echo "image: non-root entrypoint runs the operator's main on the image's JRE with its CDS archive ($(du -h "$image" | cut -f1))" >&2
