#!/usr/bin/env bash
# Shape A' as measured beside Zabbix (issue 20): one run on a fresh home: the stream load of 10,000 agents × 20 series
# with 1 % breaching values at RATE samples/s, and inside its measured window the alert probe in another client (its
# alerts open incidents of their own instead of joining the load's alert storm). Run it three times; take medians.
# Usage: flock /tmp/steward-bench.lock bench/a-prime.sh <fresh home> <rate>   (e.g. 3 × Zabbix's zabbix_nvps of the day)
# Output: <home>.out (the load's report) and <home>-latency.out (the probe's); their last lines are for scripts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
home=${1:?usage: bench/a-prime.sh <fresh home> <rate>}
rate=${2:?usage: bench/a-prime.sh <fresh home> <rate>}
rm -rf "$home"
"$root/bench/stream-ingest.sh" "$home" --agents 10000 --metrics 20 --rate "$rate" --rounds-per-batch 5 --window 4 --breach 0.01 \
  --ramp 90 --duration 120 --warmup 30 >"$home.out" 2>&1 &
load=$!
# The window opens 30 s after the last connection; the probe starts 35 s after it and takes about half a minute.
for _ in $(seq 600); do grep -q '^ramp:' "$home.out" 2>/dev/null && break; sleep 1; done
sleep 35
BENCH_CLIENT=1 "$root/bench/alert-latency.sh" "$home" --samples 30 >"$home-latency.out" 2>&1 || true
wait "$load"
tail -1 "$home.out"
tail -1 "$home-latency.out"
