#!/usr/bin/env bash
# Runs every test of the project: the web client's type check, unit tests and build, then the .NET
# build (warnings are errors), the formatting check, all .NET suites (unit, integration through the
# real AppHost, end-to-end in Chromium), the load benchmark's smoke mode (every server of bench/ starts and
# delivers; no figure asserted), and the container check (the Dockerfile built and run with podman,
# smoke-tested). Ends with one line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

step() { printf '\n== %s\n' "$*"; }
# npm ci only when the installed tree is missing or older than the lockfile (in the current folder).
npm_install() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
  fi
}

step "web client: install, type check, unit tests, build"
(
  cd interview-web
  npm_install
  npm run check
  npm test 2>&1 | tee "$log/vitest.txt"
  npx vite build --logLevel warn
)

step ".NET: build, formatting, tests"
dotnet build Interview.sln -nologo -v quiet
dotnet format Interview.sln --verify-no-changes --no-restore
set +e
dotnet test Interview.sln --no-build -nologo 2>&1 | tee "$log/dotnet.txt"
dotnet_status=${PIPESTATUS[0]}
set -e

step "load benchmark: smoke mode (Interview and the reference Yjs servers, a few rooms each)"
set +e
(
  cd bench
  npm_install
  node load/run.mjs --smoke --configuration=Debug --no-build
) 2>&1 | tee "$log/bench.txt"
bench_status=${PIPESTATUS[0]}
set -e

step "container: build the image from the Dockerfile, run it, smoke-test it"
set +e
scripts/container-check.sh --no-build 2>&1 | tee "$log/container.txt"
container_status=${PIPESTATUS[0]}
set -e

# One closing line for the suites together (a grep that finds nothing is a count of 0, not an error).
set +o pipefail
sed -i 's/\x1b\[[0-9;]*m//g' "$log/vitest.txt" "$log/dotnet.txt" "$log/container.txt" "$log/bench.txt"
web_passed=$(grep -oE 'Tests +([0-9]+ failed \| )?[0-9]+ passed' "$log/vitest.txt" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | tail -1)
web_failed=$(grep -oE 'Tests +[0-9]+ failed' "$log/vitest.txt" | grep -oE '[0-9]+' | tail -1)
net_passed=$(grep -oE 'Passed: +[0-9]+' "$log/dotnet.txt" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
net_failed=$(grep -oE 'Failed: +[0-9]+' "$log/dotnet.txt" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
# "NAME: N passed, N failed", the closing line of a script in the project's format: the passed or failed count.
closing_count() { grep -oE "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | grep -oE "[0-9]+ $3" | grep -oE '[0-9]+' | tail -1; }
# The container check counts each image check and each smoke test; the load benchmark's smoke run is one check.
container_passed=$(closing_count container-check "$log/container.txt" passed)
container_failed=$(closing_count container-check "$log/container.txt" failed)
bench_passed=$(closing_count load-bench "$log/bench.txt" passed)
bench_failed=$(closing_count load-bench "$log/bench.txt" failed)
passed=$(( ${web_passed:-0} + ${net_passed:-0} + ${container_passed:-0} + ${bench_passed:-0} ))
failed=$(( ${web_failed:-0} + ${net_failed:-0} + ${container_failed:-0} + ${bench_failed:-0} ))
if (( (dotnet_status != 0 || container_status != 0 || bench_status != 0) && failed == 0 )); then failed=1; fi
echo
echo "tests: $passed passed, $failed failed"
exit $(( failed > 0 || dotnet_status != 0 || container_status != 0 || bench_status != 0 ))
