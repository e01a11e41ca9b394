#!/usr/bin/env bash
# The image test (issue 12): builds the agent's image with Jib on a base made here from Debian packages, runs it
# with podman as the rendered DaemonSet describes (its init container first; securityContext, mounts, env, args,
# memory limit), with an API server stand-in and the test Loki receiver, and checks what arrives
# (io.sleipnir.deploy.ImageRun). Prints the image's size, the init container's time and memory, idle and busy RSS
# in the container, and the lines delivered. Needs root, Debian's archive and Maven
# Central; installs podman and runc itself. Run after ./mvnw -B verify (it uses the compiled classes):
#   deploy/image-test.sh            (MVN_FLAGS=-o to build offline)
#   UPDATE_CLASS_LIST=1 deploy/image-test.sh
#                                   records the classes the agent loads, without the class archive, into
#                                   agent/src/main/resources/io/sleipnir/cli/sleipnir.classlist (the list the
#                                   DaemonSet's init container archives); commit it with the change that moved them.
#   CLASS_ARCHIVE=off deploy/image-test.sh
#                                   runs the agent without the class archive, to measure what it saves.
# Time from no base (target/image-test removed, podman and runc installed), 2026-12-02 on the 2-core machine, load
# average 2.5-4.5: 81 s, 103 s and 109 s; the last was 31 s base (7 s download of 75 packages, 68 MiB; 16 s
# unpack, cacerts and set-up; 8 s import and save), 33 s Jib, 7 s test classpath, 38 s run. Installing podman and
# runc adds about 32 s on a clean machine (apt-get update 4 s, download 21 MiB 3 s, dpkg 24 s under load).
# Image 266.5 MiB: base 246.2 MiB, the agent's layers 20.3 MiB.
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
for tool in podman runc; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
# The base is resolved from apt's package lists: fetch them when the tools are missing or no list is there yet.
if ((${#missing[@]})) || ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
  apt-get update -q >"$work/apt-update.log"
fi
if ((${#missing[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$work/apt.log"
fi
command -v kubectl >/dev/null || { echo "kubectl is needed to render deploy/daemonset" >&2; exit 1; }

# The base: Debian's headless Java 17 and exactly the packages it depends on (no recommends), unpacked into a root
# file system and saved as a docker-archive tarball for -Djib.from.image=tar://..., as an air-gapped build would
# (Docker Hub is not needed, or reachable here). Not debootstrap: it installs and configures a whole minimal
# system package by package (13 min 45 s of a 15 min 48 s run on a loaded machine); the agent needs a JVM, its
# libraries, CA certificates and a passwd entry for uid 0 (the DaemonSet's runAsUser), and no shell or package
# manager. What the packages' maintainer scripts would have done, and the JVM needs, is done below by hand.
# libc-bin (Essential in Debian, so no package depends on it) for its C.UTF-8 locale: with LANG=C.UTF-8 the JVM
# names files in UTF-8 (sun.jnu.encoding), not ASCII, so a path with a non-ASCII character can be opened.
if [[ ! -s $work/base.tar ]]; then
  step "base image: openjdk-17-jre-headless and its dependencies from Debian's archive"
  rm -rf "$work/rootfs" "$work/apt"
  mkdir -p "$work/apt/archives/partial" "$work/rootfs"
  : >"$work/apt/status"
  # An empty dpkg status: apt resolves the whole closure, as for an empty system, without touching the host's.
  apt_scratch=(-o "Dir::State::status=$work/apt/status" -o "Dir::Cache::archives=$work/apt/archives"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Install-Recommends=false)
  apt-get install -y -q --download-only "${apt_scratch[@]}" openjdk-17-jre-headless base-files libc-bin >"$work/apt-base.log"
  step "base: $(ls "$work"/apt/archives/*.deb | wc -l) packages downloaded, $(du -cm "$work"/apt/archives/*.deb | tail -1 | cut -f1) MiB"
  for deb in "$work"/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$work/rootfs"
    # A dpkg status with these packages, so image scanners see what the base holds.
    { dpkg-deb -f "$deb" | sed '/^Package:/a Status: install ok installed'; echo; } >>"$work/rootfs-status"
  done
  rootfs=$work/rootfs
  mkdir -p "$rootfs"/var/lib/dpkg "$rootfs"/tmp "$rootfs"/root "$rootfs"/proc "$rootfs"/sys "$rootfs"/dev
  chmod 1777 "$rootfs"/tmp
  mv "$work/rootfs-status" "$rootfs"/var/lib/dpkg/status
  # base-passwd's and update-alternatives' work: the users and groups, and java on the PATH.
  printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' \
    >"$rootfs"/etc/passwd
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$rootfs"/etc/group
  jre=/usr/lib/jvm/java-17-openjdk-amd64
  [[ -x $rootfs$jre/bin/java ]] || { echo "no $jre/bin/java in the base" >&2; exit 1; }
  ln -sf "$jre/bin/java" "$rootfs"/usr/bin/java
  # ca-certificates' and ca-certificates-java's work: the PEM bundle, and the JVM's cacerts (a symlink to
  # /etc/ssl/certs/java/cacerts) made by the package's own tool, run with the base's own java.
  mkdir -p "$rootfs"/etc/ssl/certs/java
  (cd "$rootfs" && find usr/share/ca-certificates/mozilla -name '*.crt' | sort) >"$work/certs"
  (cd "$rootfs" && xargs cat <"$work/certs") >"$rootfs"/etc/ssl/certs/ca-certificates.crt
  # The JVM needs /proc (ld.so's $ORIGIN, the JVM's own home): mounted in a namespace of its own, gone with it.
  sed 's|^|+/|' "$work/certs" | LC_ALL=C.UTF-8 unshare --fork --pid --mount-proc="$rootfs/proc" chroot "$rootfs" "$jre/bin/java" -Xmx64m \
    -jar /usr/share/ca-certificates-java/ca-certificates-java.jar -storepass changeit >"$work/cacerts.log"
  [[ -s $rootfs/etc/ssl/certs/java/cacerts ]] || { echo "no cacerts made (see $work/cacerts.log)" >&2; exit 1; }
  # What a runtime image does not need: documentation, translations.
  rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
  step "base: unpacked and set up, $(du -sm "$rootfs" | cut -f1) MiB"
  tar -C "$rootfs" --numeric-owner -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' - "$base_image" >/dev/null
  podman save --quiet --format docker-archive -o "$work/base.tar.part" "$base_image"
  mv "$work/base.tar.part" "$work/base.tar"
  rm -rf "$rootfs" "$work/apt"
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
