#!/usr/bin/env bash
# The server taking 10,000 devices' patch scans (issue 18): time, throughput and the patch tables' size, then the fleet
# compliance API and page and the CVE exposure query at that size, p50/p95/p99 of sequential requests. 3 runs, each with
# a fresh home and server on loopback (embedded PostgreSQL). Usage: bench/patch-scale.sh [home] [extra options]
# (e.g. --devices 1000 --runs 1 for a short check; --help lists them). Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-patch-scale}
shift || true
java -jar "$root/bench/target/steward-bench.jar" patch-scale --server-jar "$root/server/target/steward-server.jar" --home "$home" "$@"
