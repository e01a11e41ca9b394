#!/usr/bin/env bash
# The image test (issue 12): builds the agent's image with Jib on a base made here from Debian packages, runs it
# with podman as the rendered DaemonSet describes (securityContext, mounts, env, args, memory limit), with an API
# server stand-in and the test Loki receiver, and checks what arrives (io.sleipnir.deploy.ImageRun). Prints the
# image's size, idle and busy RSS in the container, and the lines delivered. Needs root, Debian's archive and Maven
# Central; installs podman, runc and debootstrap itself. Run after ./mvnw -B verify (it uses the compiled classes):
#   deploy/image-test.sh            (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/image-test
mkdir -p "$work"
image=localhost/sleipnir:image-test
base_image=localhost/sleipnir-base:bookworm-jre17
mvn_flags=${MVN_FLAGS:-}
started=$(date +%s)
step() { echo "--- image test [$(( $(date +%s) - started ))s]: $*"; }

step "tools"
missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends podman runc debootstrap >"$work/apt.log"
fi
command -v kubectl >/dev/null || { echo "kubectl is needed to render deploy/daemonset" >&2; exit 1; }

# The base: Debian's minimal system and its headless Java 17, made with debootstrap (Docker Hub is not needed, or
# reachable here), saved as a docker-archive tarball for -Djib.from.image=tar://..., as an air-gapped build would.
if [[ ! -s $work/base.tar ]]; then
  step "base image from Debian packages (debootstrap bookworm + openjdk-17-jre-headless)"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$work/rootfs" \
    http://deb.debian.org/debian >"$work/debootstrap.log"
  # What a runtime image does not need: package caches and lists, documentation, translations.
  rm -rf "$work/rootfs"/var/cache/apt/* "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/usr/share/doc/* \
    "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/locale/* "$work/rootfs"/usr/share/info/*
  tar -C "$work/rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base_image" >/dev/null
  podman save --quiet --format docker-archive -o "$work/base.tar.part" "$base_image"
  mv "$work/base.tar.part" "$work/base.tar"
  rm -rf "$work/rootfs"
fi
step "base tarball $(du -m "$work/base.tar" | cut -f1) MiB"

step "image tarball with Jib on the base"
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
./mvnw -B -q $mvn_flags -pl agent package jib:buildTar -DskipTests \
  "-Djib.from.image=tar://$work/base.tar" "-Dimage=$image" "-Djib.outputPaths.tar=$work/sleipnir.tar" \
  "-Dimage.revision=$revision"
podman rmi -f "$image" >/dev/null 2>&1 || true
podman load -q -i "$work/sleipnir.tar" >/dev/null

created=$(podman image inspect -f '{{.Created}}' "$image")
labels=$(podman image inspect -f '{{json .Labels}}' "$image")
size=$(podman image inspect -f '{{.Size}}' "$image")
base_size=$(podman image inspect -f '{{.Size}}' "$base_image" 2>/dev/null || echo 0)
echo "image created $created"
echo "image labels $labels"
awk -v size="$size" -v base="$base_size" -v tar="$(du -m "$work/sleipnir.tar" | cut -f1)" 'BEGIN {
  printf "image size %.1f MiB (base %.1f MiB, the agent'"'"'s layers %.1f MiB; tarball %s MiB)\n",
    size / 1048576, base / 1048576, (size - base) / 1048576, tar }'
case $created in 1970-*) echo "image creation time is the epoch" >&2; exit 1 ;; esac
for label in source revision created; do
  grep -q "\"org.opencontainers.image.$label\":\"[^\"]" <<<"$labels" || { echo "no OCI label $label" >&2; exit 1; }
done
grep -q "\"org.opencontainers.image.revision\":\"$revision\"" <<<"$labels" || { echo "revision label is not $revision" >&2; exit 1; }

step "test classpath"
./mvnw -B -q $mvn_flags -pl agent dependency:build-classpath -Dmdep.includeScope=test \
  "-Dmdep.outputFile=$work/test.classpath" >/dev/null

# podman's defaults ask for more open files and processes than this machine's hard limits allow; ask for what is.
nofile=$(ulimit -Hn)
[[ $nofile == unlimited || $nofile -gt 65536 ]] && nofile=65536
# 4096 processes: runc could not set more here (EPERM for 96362, the hard limit); the agent runs ~30 threads.
nproc=4096

step "run the image as the DaemonSet describes"
java -cp "agent/target/test-classes:agent/target/classes:$(cat "$work/test.classpath")" \
  io.sleipnir.deploy.ImageRun "$image" "$work/run" "$nofile" "$nproc"
step "done"
