#!/usr/bin/env bash
# One task to 1,000 simulated long-polling agents (issue 17): approval to the start on each agent, p50/p95/p99; 3 runs,
# each with a fresh home and server (with its child signer). Usage: bench/task-fanout.sh [home] [extra options]
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-task-fanout}
shift || true
java -jar "$root/bench/target/steward-bench.jar" task-fanout --server-jar "$root/server/target/steward-server.jar" \
  --signer-jar "$root/signer/target/steward-signer.jar" --home "$home" "$@"
