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
#   shape B' (20,000 agents, each its own connection, 30 metrics every 60 s, 10 minutes, with v1 heartbeats over a few
#   hundred keep-alive connections of their own; this VM caps open files at 20,000 per process (hard limit, not raisable
#   here), so the simulator and the server each hold at most ~19,500 connections: 19,000 were measured):
#     bench/stream-ingest.sh /tmp/sb1 --agents 19000 --metrics 30 --interval 60 --values agent --heartbeats \
#       --duration 600 --warmup 30 --drain 30
# The simulator alone (no server): `java -jar bench/target/steward-bench.jar stream-sink --port 18099` in one shell, and
#   `java -jar bench/target/steward-bench.jar agents --channel stream --server http://127.0.0.1:18099 --enrollment-token x …`
#   in another; its "CPU in the window" line is then the simulator's own cost per sample.
# The last line of the output: samples_per_sec=… p99_ms=… errors=… sim_us_per_sample=… server_us_per_sample=…
#   pg_us_per_sample=… server_cpu_pct=… pg_cpu_pct=… sim_cpu_pct=… sustained=yes|no (the Zabbix harness's criterion).
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
