#!/usr/bin/env bash
# The server storing a fleet's hourly security check results and their history (issue 19): shape A 10,000 devices x 9
# checks per hourly round, shape B 22,223 devices x 9 (the result rate of 20 checks on 10,000 devices), CPU-seconds of
# the server JVM and PostgreSQL per hour of rounds; then a 2,000-device client's compliance coverage and security pages
# and APIs, p50/p95/p99 of sequential requests. 3 runs, each with a fresh home and server on loopback (embedded
# PostgreSQL). Usage: bench/protection-scale.sh [home] [extra options] (e.g. --devices 500 --rate-devices 0
# --coverage-devices 200 --runs 1 for a short check; --help lists them). Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-protection-scale}
shift || true
java -jar "$root/bench/target/steward-bench.jar" protection-scale --server-jar "$root/server/target/steward-server.jar" --home "$home" "$@"
