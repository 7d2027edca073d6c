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
. "$root/bench/jar-server.sh"
jar_server "$home" $port $db_port

java -jar "$root/bench/target/steward-bench.jar" servicedesk --url "http://localhost:$port" \
  --credentials "$home/demo-credentials.txt" --jdbc "jdbc:postgresql://localhost:$db_port/steward" "$@"
