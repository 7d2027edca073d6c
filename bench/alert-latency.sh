#!/usr/bin/env bash
# Shape C (alert to incident): starts Steward in demo mode on its own home and ports, or reuses the one running there
# (run it beside bench/agents.sh on the same home to measure under load), creates an auto-approve enrollment token,
# runs the probe with the demo admin's API token, and stops the server if it started it.
# Usage: bench/alert-latency.sh [home] [options of `steward-bench alert-latency`], e.g.
#   bench/alert-latency.sh /tmp/steward-bench-agents --samples 200
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
. "$root/bench/bench-server.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-agents}
shift || true

bench_server "$home"
bench_enrollment_token
java ${BENCH_JAVA_OPTS:-} -jar "$root/bench/target/steward-bench.jar" alert-latency --server "$bench_agent_url" \
  --api-url "http://localhost:$bench_port" --enrollment-token "$bench_token" --api-token "$bench_api_token" "${bench_pin[@]}" "$@"
