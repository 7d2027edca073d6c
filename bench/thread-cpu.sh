#!/usr/bin/env bash
# CPU of a process by thread name over an interval, from /proc (so GC, JIT and native time count too, which a sampling
# profiler leaves out): percent of one core per thread group (trailing numbers dropped), largest first, and the total.
# Usage: bench/thread-cpu.sh <pid> <seconds>
set -euo pipefail
pid=${1:?usage: bench/thread-cpu.sh <pid> <seconds>}
secs=${2:?usage: bench/thread-cpu.sh <pid> <seconds>}
tick=$(getconf CLK_TCK)
snap() {
  for t in /proc/"$pid"/task/*; do
    # comm may hold spaces; the fields after the ")" of stat are fixed (utime and stime are the 12th and 13th).
    printf '%s %s %s\n' "$(basename "$t")" "$(tr ' ' '_' <"$t/comm")" "$(cut -d')' -f2 "$t/stat" | awk '{print $12+$13}')" 2>/dev/null || true
  done | sort
}
before=$(snap)
sleep "$secs"
after=$(snap)
join <(echo "$before") <(echo "$after") | awk -v tick="$tick" -v secs="$secs" '
  { d = $5 - $3; g = $2; gsub(/[-#_]?[0-9]+$/, "", g); sum[g] += d; total += d }
  END { for (g in sum) if (sum[g] > 0) printf "%7.2f %%  %s\n", sum[g] * 100 / tick / secs, g; printf "%7.2f %%  total (of one core)\n", total * 100 / tick / secs }' | sort -rn
