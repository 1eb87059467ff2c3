"""Writes the operator's OCI image as an OCI archive (oci-layout, index.json, blobs) without a
container engine: a base layer from a Debian root filesystem with a JRE (made by debootstrap), and
an application layer with the jar and its libraries. Load it with `skopeo copy
oci-archive:target/appstack-operator-image.tar docker://...` or `podman load`.

usage: oci_image.py ROOTFS APP_JAR LIB_DIR OUT_TAR BASE_LAYER_CACHE_DIR TAG CDS_ARCHIVE
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

rootfs, app_jar, lib_dir, out_tar, cache_dir, tag, cds_archive = sys.argv[1:8]
USER = "65532:65532"
# hack/operator-jvm-flags: the flags the training run of the CDS archive used too.
JVM_FLAGS = [l.strip() for l in open(os.path.join(os.path.dirname(__file__), "operator-jvm-flags"))
             if l.strip() and not l.strip().startswith("#")]


def normalise(info):
    # No build-time owners or timestamps from this machine: the base layer is reproducible; the app
    # layer is too but for the CDS archive, which each build trains anew.
    info.mtime = 0
    if info.name.startswith("app"):
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
    return info


def layer(path_cache, add):
    """Builds a gzip layer; returns (blob path, digest, diff_id, size)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        add(t)
    data = raw.getvalue()
    diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
    gz = gzip.compress(data, compresslevel=6, mtime=0)
    digest = "sha256:" + hashlib.sha256(gz).hexdigest()
    with open(path_cache, "wb") as f:
        f.write(gz)
    return path_cache, digest, diff_id, len(gz)


def add_rootfs(t):
    for entry in sorted(os.listdir(rootfs)):
        if entry in ("proc", "sys", "dev"):
            t.add(os.path.join(rootfs, entry), arcname=entry, recursive=False, filter=normalise)
            continue
        t.add(os.path.join(rootfs, entry), arcname=entry, recursive=True, filter=normalise)


def add_app(t):
    t.add(app_jar, arcname="app/appstack-operator.jar", filter=normalise)
    t.add(cds_archive, arcname="app/appstack.jsa", filter=normalise)
    for name in sorted(os.listdir(lib_dir)):
        t.add(os.path.join(lib_dir, name), arcname="app/lib/" + name, filter=normalise)


os.makedirs(cache_dir, exist_ok=True)
base_meta = os.path.join(cache_dir, "base-layer.json")
base_blob = os.path.join(cache_dir, "base-layer.tar.gz")
stamp = os.path.getmtime(os.path.join(rootfs, "usr/bin"))
if os.path.exists(base_meta) and json.load(open(base_meta)).get("stamp") == stamp:
    base = json.load(open(base_meta))
else:
    _, digest, diff_id, size = layer(base_blob, add_rootfs)
    base = {"stamp": stamp, "digest": digest, "diff_id": diff_id, "size": size}
    json.dump(base, open(base_meta, "w"))
app_blob = os.path.join(cache_dir, "app-layer.tar.gz")
_, app_digest, app_diff, app_size = layer(app_blob, add_app)

config = {
    "architecture": "amd64", "os": "linux",
    "config": {
        "User": USER,
        # The flags from hack/operator-jvm-flags, and the class-data-sharing archive that
        # hack/cds-train.sh made with them (if the JVM cannot use it, it starts without).
        "Entrypoint": ["java"] + JVM_FLAGS + ["-XX:SharedArchiveFile=/app/appstack.jsa",
                                              "-jar", "/app/appstack-operator.jar"],
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_TOOL_OPTIONS=-Xmx128m", "MALLOC_ARENA_MAX=2"],
        "WorkingDir": "/app",
        "ExposedPorts": {"8080/tcp": {}},
        "Labels": {"org.opencontainers.image.title": "appstack-operator", "org.opencontainers.image.version": tag},
    },
    "rootfs": {"type": "layers", "diff_ids": [base["diff_id"], app_diff]},
    "history": [{"created_by": "debootstrap bookworm minbase + openjdk-17-jre-headless"},
                {"created_by": "appstack-operator jar and libraries"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
manifest = {
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest,
               "size": len(config_bytes)},
    "layers": [
        {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": base["digest"], "size": base["size"]},
        {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": app_digest, "size": app_size},
    ],
}
manifest_bytes = json.dumps(manifest, sort_keys=True).encode()
manifest_digest = "sha256:" + hashlib.sha256(manifest_bytes).hexdigest()
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
                        "size": len(manifest_bytes),
                        "annotations": {"org.opencontainers.image.ref.name": tag}}]}


def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))


with tarfile.open(out_tar, "w") as t:
    add_bytes(t, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
    add_bytes(t, "index.json", json.dumps(index).encode())
    add_bytes(t, "blobs/sha256/" + config_digest[7:], config_bytes)
    add_bytes(t, "blobs/sha256/" + manifest_digest[7:], manifest_bytes)
    t.add(base_blob, arcname="blobs/sha256/" + base["digest"][7:])
    t.add(app_blob, arcname="blobs/sha256/" + app_digest[7:])
print(out_tar, manifest_digest)
