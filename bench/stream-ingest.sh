#!/usr/bin/env bash
# Shapes A' and B' (issue 20, agent ingest over protocol v2): starts Steward in demo mode on its own home and ports (or
# reuses the one running there), creates an auto-approve enrollment token through the API, and runs the agent simulator
# with --channel stream: every simulated agent enrolls over v1, then holds its own WebSocket (wss on the pinned agent
# port, or ws on the plain port with BENCH_TRANSPORT=http), authenticates once and sends CBOR batches. The server's and
# its PostgreSQL's CPU are read from /proc over the measured window when this script started the server (--server-pid).
# Usage: bench/stream-ingest.sh <fresh home> [options of `steward-bench agents`], e.g.
#   shape A' (the Zabbix harness's load: 10,000 hosts × 20 series, 1 % breaching, ~150,000 samples/s offered):
#     bench/stream-ingest.sh /tmp/sa1 --agents 10000 --metrics 20 --rate 150000 --rounds-per-batch 5 --window 4 \
#       --breach 0.01 --duration 70 --warmup 10
#   shape B' (20,000 agents, each its own connection, 30 metrics every 60 s, 10 minutes, with v1 heartbeats):
#     bench/stream-ingest.sh /tmp/sb1 --agents 20000 --metrics 30 --interval 60 --values agent --heartbeats --duration 600
# The simulator's JVM: BENCH_JAVA_OPTS (default: the serial collector and a 2 GiB heap, frugal on two shared cores).
# Take the bench lock for timed runs: flock /tmp/steward-bench.lock bench/stream-ingest.sh …
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
. "$root/bench/bench-server.sh"
home=${1:?usage: bench/stream-ingest.sh <fresh home> [agents options]}
shift

bench_server "$home"
bench_enrollment_token
pid_opts=()
if [ -n "$bench_started" ]; then
  pid_opts=(--server-pid "$bench_started" --server-home "$home")
fi
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx2g} -jar "$root/bench/target/steward-bench.jar" agents --channel stream \
  --server "$bench_agent_url" --enrollment-token "$bench_token" "${bench_pin[@]}" "${pid_opts[@]}" "$@"
