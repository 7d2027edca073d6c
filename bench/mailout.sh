#!/usr/bin/env bash
# Outbound notifications/s through the mail outbox (issue 16): GreenMail on loopback in the bench JVM, the packaged
# server as a child process delivering to it, 3 runs of 5,000 mails each, the median printed last.
# Usage: bench/mailout.sh [home] [extra options of `steward-bench mailout`]
# Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
home=${1:-${TMPDIR:-/tmp}/steward-bench-mailout}
shift || true
rm -rf "$home"
java -jar "$root/bench/target/steward-bench.jar" mailout --server-jar "$root/server/target/steward-server.jar" --home "$home" "$@"
