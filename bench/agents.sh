#!/usr/bin/env bash
# Shapes A and B (agent ingest): starts Steward in demo mode on its own home and ports (or reuses the one running there),
# creates an auto-approve enrollment token through the API, runs the agent simulator, and stops the server it started.
# Usage: bench/agents.sh [home] [options of `steward-bench agents`], e.g.
#   bench/agents.sh /tmp/steward-bench-agents --agents 4000 --metrics 100 --interval 1 --duration 60 --breach 0.01
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
. "$root/bench/bench-server.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-agents}
shift || true

bench_server "$home"
bench_enrollment_token
java ${BENCH_JAVA_OPTS:-} -jar "$root/bench/target/steward-bench.jar" agents --server "$bench_agent_url" \
  --enrollment-token "$bench_token" "${bench_pin[@]}" "$@"
