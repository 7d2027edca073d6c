#!/usr/bin/env bash
# Shape F (report): starts Steward in demo mode on its own home and ports, seeds one client with 10,000 devices and
# 100,000 tickets in last month (once per home), times its monthly report as JSON and PDF, and stops the server again.
# Usage: bench/report.sh [home] [extra options of `steward-bench report`]
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-report}
shift || true
port=18085
db_port=54335
mkdir -p "$home"

java ${SERVER_JAVA_OPTS:-} -jar "$root/server/target/steward-server.jar" --demo --steward.home="$home" \
  --server.port=$port --steward.tls-port=0 --steward.db.embedded-port=$db_port >"$home/server.out" 2>&1 &
server=$!
# Stop the server (and with it its PostgreSQL) however this script ends.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 120); do
  if curl -sf "http://localhost:$port/actuator/health" | grep -q '"UP"'; then break; fi
  kill -0 $server 2>/dev/null || { echo "server exited; see $home/server.out" >&2; exit 1; }
  sleep 1
done
curl -sf "http://localhost:$port/actuator/health" | grep -q '"UP"' || { echo "server not UP after 120 s" >&2; exit 1; }

java -jar "$root/bench/target/steward-bench.jar" report --url "http://localhost:$port" \
  --credentials "$home/demo-credentials.txt" --jdbc "jdbc:postgresql://localhost:$db_port/steward" "$@"
