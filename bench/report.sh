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
. "$root/bench/jar-server.sh"
jar_server "$home" $port $db_port --steward.tls-port=0

java -jar "$root/bench/target/steward-bench.jar" report --url "http://localhost:$port" \
  --credentials "$home/demo-credentials.txt" --jdbc "jdbc:postgresql://localhost:$db_port/steward" "$@"
