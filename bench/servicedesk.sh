#!/usr/bin/env bash
# Shape D (service desk): starts Steward in demo mode on its own home and ports, seeds 200 clients and 1,000,000
# tickets (once per home), measures the ticket lists and ticket create, and stops the server again.
# Usage: bench/servicedesk.sh [home] [extra options of `steward-bench servicedesk`]
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-servicedesk}
shift || true
port=18080
db_port=54329
mkdir -p "$home"

java ${SERVER_JAVA_OPTS:-} -jar "$root/server/target/steward-server.jar" --demo --steward.home="$home" \
  --server.port=$port --steward.db.embedded-port=$db_port >"$home/server.out" 2>&1 &
server=$!
# Stop the server (and with it its PostgreSQL) however this script ends.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 120); do
  if curl -sf "http://localhost:$port/actuator/health" | grep -q '"UP"'; then break; fi
  kill -0 $server 2>/dev/null || { echo "server exited; see $home/server.out" >&2; exit 1; }
  sleep 1
done
curl -sf "http://localhost:$port/actuator/health" | grep -q '"UP"' || { echo "server not UP after 120 s" >&2; exit 1; }

java -jar "$root/bench/target/steward-bench.jar" servicedesk --url "http://localhost:$port" \
  --credentials "$home/demo-credentials.txt" --jdbc "jdbc:postgresql://localhost:$db_port/steward" "$@"
