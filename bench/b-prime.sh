#!/usr/bin/env bash
# Shape B' (issue 20): one run on a fresh home: AGENTS simulated agents (default 19,000: this VM's hard limit of 20,000
# open files per process leaves no room for 20,000 connections plus the server's own files), each on its own wss
# connection, 30 metrics every 60 s, heartbeats every 30 s on the stream as the agent sends them, 10 minutes measured.
# Beside the report, the server's CPU by thread over 5 minutes of the window (bench/thread-cpu.sh). Run it three times.
# Usage: flock /tmp/steward-bench.lock bench/b-prime.sh <fresh home> [agents] [more options of `steward-bench agents`]
# Output: <home>.out (its last line is for scripts) and <home>-threads.out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
home=${1:?usage: bench/b-prime.sh <fresh home> [agents] [options]}
agents=${2:-19000}
shift $(( $# > 1 ? 2 : 1 ))
rm -rf "$home"
"$root/bench/stream-ingest.sh" "$home" --agents "$agents" --metrics 30 --interval 60 --values agent --heartbeats \
  --duration 630 --warmup 30 --drain 30 "$@" >"$home.out" 2>&1 &
load=$!
for _ in $(seq 1800); do grep -q '^ramp:' "$home.out" 2>/dev/null && break; sleep 1; done
sleep 60
server=
for p in $(pgrep -f "steward.home=$home" || true); do
  [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && server=$p
done
[ -n "$server" ] && "$root/bench/thread-cpu.sh" "$server" 300 >"$home-threads.out" 2>&1 || true
wait "$load"
tail -1 "$home.out"
head -8 "$home-threads.out"
