#!/usr/bin/env bash
# Builds the image from the unchanged Dockerfile and runs it, on a machine with no Docker engine and no
# reachable container registry (this CI machine kind), with podman:
#   1. stand-in base images: a Debian rootfs (debootstrap, from the mirror apt already uses) plus this
#      machine's own .NET runtime/SDK and Node, tagged with the names the Dockerfile's FROM lines use;
#   2. podman build --pull=never --format docker (only the docker format keeps HEALTHCHECK);
#   3. podman run on the host network, then waits until the image's own HEALTHCHECK passes;
#   4. the single-container tests (Interview.Tests, SingleContainerTests) against the container's port:
#      the client at / and /s/{id}, a session created, two clients syncing, a restart keeping everything;
#   5. facts about the image: non-root, HEALTHCHECK kept, no SDK or node_modules, a clean stop.
# Prints the image size, start-to-healthy time and idle memory, removes everything it made, and ends with
# "container-check: N passed, N failed" (each check and each smoke test counts as one test).
#
# Usage: scripts/container-check.sh [--no-build]   --no-build: Interview.Tests is already built (test.sh)
# Needs root (apt, debootstrap, rootful podman). CONTAINER_CHECK_KEEP=1 keeps the store and stand-ins
# under .tmp/container-check, so the next run skips straight to the build.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$repo/.tmp/container-check
image=interview:container-check
name=interview-container-check
volume=interview-container-check-data
test_build=()
[[ ${1:-} == --no-build ]] && test_build=(--no-build)

passed=0 failed=0
ok() { passed=$((passed + 1)); printf 'ok     %s\n' "$*"; }
not_ok() { failed=$((failed + 1)); printf 'FAILED %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
step() { printf '\n== container-check: %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
finish() {
  printf '\ncontainer-check: %d passed, %d failed\n' "$passed" "$failed"
  exit $((failed > 0))
}

started=$(now)
if ((EUID != 0)); then not_ok "runs as root (apt, debootstrap and rootful podman need it)"; finish; fi

step "tools"
missing=()
for tool in podman buildah debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}"
fi
podman --version

# Everything podman keeps lives here, so this run neither sees nor disturbs anyone else's containers.
mkdir -p "$work"
cat >"$work/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
cat >"$work/containers.conf" <<EOF
[containers]
# No CAP_SYS_RESOURCE in this sandbox: podman's default ulimits cannot be set.
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
# crun refuses this machine's hybrid cgroup layout; runc with cgroupfs works. No systemd or journald.
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$work/libpod"
[network]
network_config_dir = "$work/networks"
EOF
export CONTAINERS_STORAGE_CONF=$work/storage.conf CONTAINERS_CONF=$work/containers.conf

cleanup() {
  if [[ ${CONTAINER_CHECK_KEEP:-} == 1 ]]; then
    podman rm -f -t 5 "$name" >/dev/null 2>&1 || true
    return 0
  fi
  podman rm -a -f -t 5 >/dev/null 2>&1 || true
  podman volume rm -a -f >/dev/null 2>&1 || true
  podman rmi -a -f >/dev/null 2>&1 || true
  # Layers podman still had mounted would keep the folder from going.
  findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "stand-in base images for the Dockerfile's FROM lines"
# The mirror apt already uses (deb822 .sources or one-line .list), serving this machine's own release.
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
debian_mirror() {
  {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed -E 's/\[[^]]*\]//' |
      awk -v c="$codename" '$1 == "deb" && $3 == c { print $2 }'
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f $f ]] || continue
      awk -v c="$codename" 'BEGIN { RS = "" } {
        uri = ""; serves = 0; deb = 0
        n = split($0, line, "\n")
        for (i = 1; i <= n; i++) {
          if (line[i] ~ /^Types:/ && line[i] ~ /[ \t]deb([ \t]|$)/) deb = 1
          if (line[i] ~ /^URIs:/) { split(line[i], u, /[ \t]+/); uri = u[2] }
          if (line[i] ~ /^Suites:/) { m = split(line[i], s, /[ \t]+/); for (j = 2; j <= m; j++) if (s[j] == c) serves = 1 }
        }
        if (deb && serves && uri != "") print uri
      }' "$f"
    done
  } | head -1
}

# The external images the Dockerfile names (FROM lines that are not earlier stages).
mapfile -t bases < <(awk '
  toupper($1) == "FROM" {
    img = ""; for (i = 2; i <= NF; i++) if ($i !~ /^--/) { img = $i; break }
    if (!(img in stage)) print img
    if (toupper($(NF - 1)) == "AS") stage[$NF] = 1
  }' Dockerfile | sort -u)

standin_base=interview-standin/debian:$codename
base_started=$(now)
if ! podman image exists "$standin_base"; then
  mirror=$(debian_mirror)
  [[ -n $mirror ]] || { not_ok "found the Debian mirror in the apt sources"; finish; }
  # The runtime's native dependencies, as in the official images; ICU in the version this machine has.
  icu=$(dpkg-query -W -f '${Package}\n' 'libicu[0-9]*' | grep -E '^libicu[0-9]+$' | head -1)
  echo "debootstrap $codename from $mirror (with $icu)"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include="$icu,libssl3,ca-certificates,tzdata,zlib1g" \
    "$codename" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; not_ok "debootstrap a $codename root filesystem"; finish; }
  rm -rf "$work/rootfs/var/cache/apt/"* "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | podman import -q - "$standin_base" >/dev/null
  rm -rf "$work/rootfs"
fi

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
node_bin=$(readlink -f "$(command -v node)")
npm_root=$(npm root -g)
mkdir -p "$work/context"
standin() { # image, containerfile text, extra podman build arguments
  local tag=$1 containerfile=$2
  shift 2
  podman image exists "$tag" && return 0
  printf '%s\n' "$containerfile" >"$work/context/Containerfile"
  podman build -q --pull=never --network=host "$@" -f "$work/context/Containerfile" -t "$tag" "$work/context" >/dev/null
}
for base in "${bases[@]}"; do
  case $base in
    */dotnet/aspnet:*)
      # The runtime only (no SDK), the user `app` (uid 1654) and the environment of the official image.
      standin "$base" "FROM $standin_base
RUN mkdir -p /usr/share/dotnet/shared \\
 && cp -a /host-dotnet/dotnet /host-dotnet/host /host-dotnet/LICENSE.txt /host-dotnet/ThirdPartyNotices.txt /usr/share/dotnet/ \\
 && cp -a /host-dotnet/shared/Microsoft.NETCore.App /host-dotnet/shared/Microsoft.AspNetCore.App /usr/share/dotnet/shared/ \\
 && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \\
 && groupadd --gid=1654 app && useradd --no-log-init --uid=1654 --gid=1654 --create-home app
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true" -v "$dotnet_root:/host-dotnet:ro" ;;
    */dotnet/sdk:*)
      standin "$base" "FROM $standin_base
RUN cp -a /host-dotnet /usr/share/dotnet && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true DOTNET_NOLOGO=true DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip" \
        -v "$dotnet_root:/host-dotnet:ro" ;;
    node:* | */node:*)
      # Egress TLS here is re-signed by a CA only the host trusts; the build mounts the host's bundle and
      # Node reads it through NODE_EXTRA_CA_CERTS (the .NET stand-ins use the system store directly).
      standin "$base" "FROM $standin_base
RUN cp /host-node/node /usr/local/bin/node && mkdir -p /usr/local/lib/node_modules \\
 && cp -a /host-npm/npm /usr/local/lib/node_modules/ \\
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD [\"node\"]" -v "$node_bin:/host-node/node:ro" -v "$npm_root:/host-npm:ro" ;;
    *) not_ok "a stand-in exists for $base"; finish ;;
  esac || { not_ok "stand-in for $base"; finish; }
  echo "stand-in $base"
done
echo "stand-ins ready in $(since "$base_started") s"

step "podman build (the Dockerfile as it is)"
build_started=$(now)
# -v: NuGet's and npm's TLS go through the host's CA bundle (see above); --network=host: no bridge
# networking (it would add iptables rules and turn on ip_forward on a shared machine).
# --jobs 2: the web client and the .NET host build side by side (both mostly wait on package downloads).
if podman build --pull=never --format docker --network=host -v /etc/ssl/certs:/etc/ssl/certs:ro --jobs 2 \
  -t "$image" -f Dockerfile . >"$work/build.log" 2>&1; then
  ok "image built from the Dockerfile in $(since "$build_started") s"
else
  tail -40 "$work/build.log"
  not_ok "image built from the Dockerfile"
  finish
fi

step "facts about the image"
check "it runs as the non-root user app" test "$(podman image inspect -f '{{.Config.User}}' "$image")" = app
check "it keeps its HEALTHCHECK" grep -q -- --health <<<"$(podman image inspect -f '{{.Config.Healthcheck}}' "$image")"
check "it exposes 8080" grep -q 8080/tcp <<<"$(podman image inspect -f '{{.Config.ExposedPorts}}' "$image")"
check "it has no .NET SDK and no node_modules" podman run --rm --no-healthcheck --network=none --entrypoint sh "$image" -c \
  'test ! -e /usr/share/dotnet/sdk && test -z "$(find / -xdev -name node_modules -print -quit 2>/dev/null)"'
image_mb=$(($(podman image inspect -f '{{.Size}}' "$image") / 1000000))
base_mb=$(($(podman image inspect -f '{{.Size}}' "$(awk 'toupper($1) == "FROM" { img = $2 } END { print img }' Dockerfile)") / 1000000))

step "run the container and wait for its HEALTHCHECK"
# The host's network is shared (other engineers, other CI runs of this script): a random free port, not
# 8080, and below the ephemeral range so no outgoing connection holds it.
port=$(shuf -i 20000-32000 -n 1)
while ss -ltnH "sport = :$port" | grep -q .; do port=$(shuf -i 20000-32000 -n 1); done
run_started=$(now)
# --health-interval=disable: no systemd here to schedule the checks; `podman healthcheck run` runs the
# image's HEALTHCHECK command on demand instead.
# (It still reports, harmlessly, that it cannot reach systemd; that goes to podman.log.)
if ! podman run -d --name "$name" --network=host --health-interval=disable -e ASPNETCORE_HTTP_PORTS=$port \
  -v "$volume:/data" "$image" >/dev/null 2>>"$work/podman.log"; then
  cat "$work/podman.log"
  not_ok "podman run"
  finish
fi
healthy=""
for _ in $(seq 120); do
  if podman healthcheck run "$name" >/dev/null 2>&1; then healthy=$(since "$run_started"); break; fi
  sleep 0.5
done
if [[ -n $healthy ]]; then
  ok "the container's HEALTHCHECK passes ($healthy s after podman run, port $port)"
else
  podman logs --tail 40 "$name" || true
  not_ok "the container's HEALTHCHECK passes"
  finish
fi
check "it runs as uid 1654 (app) inside" test "$(podman exec "$name" id -u)" = 1654

step "smoke tests against the container (Interview.Tests: SingleContainerTests)"
set +e
INTERVIEW_EXTERNAL_URL=http://127.0.0.1:$port \
  INTERVIEW_EXTERNAL_RESTART="podman restart -t 10 $name >/dev/null" \
  dotnet test Interview.Tests "${test_build[@]}" -nologo --filter "FullyQualifiedName~Integration.SingleContainerTests" 2>&1 |
  sed 's/\x1b\[[0-9;]*m//g' | tee "$work/smoke.log"
smoke_status=${PIPESTATUS[0]}
set -e
smoke_passed=$(grep -oE 'Passed: +[0-9]+' "$work/smoke.log" | grep -oE '[0-9]+' | tail -1)
smoke_failed=$(grep -oE 'Failed: +[0-9]+' "$work/smoke.log" | grep -oE '[0-9]+' | tail -1)
passed=$((passed + ${smoke_passed:-0}))
failed=$((failed + ${smoke_failed:-0}))
if ((smoke_status != 0 && ${smoke_failed:-0} == 0)); then not_ok "the smoke tests ran (dotnet test exited $smoke_status)"; fi

step "idle memory and a clean stop"
sleep 5
pid=$(podman inspect -f '{{.State.Pid}}' "$name")
idle_mb=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
podman stop -t 10 "$name" >/dev/null 2>>"$work/podman.log"
check "it stops cleanly on SIGTERM (exit code 0)" test "$(podman inspect -f '{{.State.ExitCode}}' "$name")" = 0

printf '\nimage %s MB (%s MB over the ASP.NET runtime base image), healthy %s s after start, idle memory %s MB RSS\n' \
  "$image_mb" "$((image_mb - base_mb))" "$healthy" "$idle_mb"
echo "container check took $(since "$started") s"
finish
