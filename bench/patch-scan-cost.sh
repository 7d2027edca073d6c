#!/usr/bin/env bash
# What a real patch scan costs on this endpoint (issue 18): runs the agent's own scan (`steward-agent patching --scan`:
# the same PatchScanner the running agent uses, niced, from the local apt/dnf metadata, nothing sent) N times in a row
# and prints the cost each scan measured of its package-manager programs (PatchMessages.Cost: wall time, CPU time of
# the children, their peak RSS), then the median (min-max). While the scans run, the niceness of the package manager's
# processes is sampled from ps, to show the scan yields to the device's own work.
# Usage: bench/patch-scan-cost.sh [runs, default 7]   Build first: . bin/jdk.sh && mvn -B -q -ntp -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
runs=${1:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/steward-scan-cost.XXXXXX")
trap 'kill "$sampler" 2>/dev/null || true; rm -rf "$work"' EXIT
# Sample the niceness of apt/dnf programs every 50 ms (they live ~0.1-2 s each).
( while true; do ps -eo ni=,comm= | awk '$2 ~ /^(apt-get|apt-cache|apt-mark|dnf|rpm)$/ {print $1, $2}' >> "$work/nice"; sleep 0.05; done ) &
sampler=$!
for i in $(seq 1 "$runs"); do
  line=$(java -jar "$root/agent/target/steward-agent.jar" patching --config-dir "$work/conf" --scan | tail -1)
  echo "run $i: $line"
  echo "$line" | sed -n 's/.*: \([0-9]*\) updates.*cost \([0-9]*\) ms wall, \([0-9]*\) ms CPU, \([0-9]*\) KiB peak RSS.*/\1 \2 \3 \4/p' >> "$work/costs"
done
kill "$sampler" 2>/dev/null || true
echo "niceness of the package manager's processes seen while scanning (count nice program):"
sort "$work/nice" | uniq -c | sed 's/^/  /'
median() { sort -n | awk '{v[NR]=$1} END {printf "%s (%s-%s)", v[int((NR+1)/2)], v[1], v[NR]}'; }
echo "medians of $runs scans, (min-max):"
echo "  updates found:   $(cut -d' ' -f1 "$work/costs" | median)"
echo "  wall ms:         $(cut -d' ' -f2 "$work/costs" | median)"
echo "  CPU ms:          $(cut -d' ' -f3 "$work/costs" | median)"
echo "  peak RSS KiB:    $(cut -d' ' -f4 "$work/costs" | median)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(. /etc/os-release; echo "$PRETTY_NAME"), apt $(apt-get --version | head -1 | cut -d' ' -f2)"
