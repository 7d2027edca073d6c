#!/usr/bin/env bash
# RSS of the packaged agent (its bundled runtime) next to the same jar on the build JDK, against a real server over HTTPS
# with the pinned certificate (BENCHMARKS.md, "Agent footprint", packaged). Root: installs agent/target/packages/*.deb
# and purges it at the end. Usage: bench/agent-package-rss.sh [work dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
R=${1:-/tmp/agent-package-rss}; rm -rf "$R"; mkdir -p "$R"; chmod 755 "$R"
PORT=18591; TLS=18592; DB=15591
"$JAVA_HOME/bin/java" -jar $root/server/target/steward-server.jar --demo --steward.home=$R/home --server.port=$PORT --steward.tls-port=$TLS \
  --steward.db.embedded-port=$DB --steward.demo.live-agents=0 > $R/server.out 2>&1 &
SERVER=$!
for i in $(seq 1 300); do curl -fs http://localhost:$PORT/actuator/health 2>/dev/null | grep -q UP && break; sleep 1; done
API=$(grep "^admin_api_token=" $R/home/demo-credentials.txt | cut -d= -f2-)
CLIENT=$(curl -fs -H "Authorization: Bearer $API" "http://localhost:$PORT/api/v1/clients?q=Alpine" | grep -o '"id":"[0-9a-f-]*"' | head -1 | cut -d'"' -f4)
dpkg -i $root/agent/target/packages/steward-agent_*_amd64.deb > $R/dpkg.log
PIDS=()
for n in 1 2 3 4 5; do
  BODY=$(curl -fs -H "Authorization: Bearer $API" -H 'Content-Type: application/json' -X POST "http://localhost:$PORT/api/v1/clients/$CLIENT/enrollment-tokens" \
    -d '{"name":"rss","expiresInHours":1,"maxUses":1,"autoApprove":true}')
  TOKEN=$(echo "$BODY" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
  FP=$(echo "$BODY" | grep -o '"serverFingerprint":"[^"]*"' | cut -d'"' -f4)
  install -d -o steward-agent -g steward-agent -m 0700 $R/conf$n $R/state$n $R/state$n/tmp
  if [ $n -le 3 ]; then J=""; else J="$JAVA_HOME/bin/java"; fi
  runuser -u steward-agent -- env ${J:+JAVA=$J} /opt/steward-agent/bin/steward-agent enroll --server https://localhost:$TLS --token $TOKEN --fingerprint $FP --config-dir $R/conf$n > $R/enroll$n.log 2>&1
  runuser -u steward-agent -- env ${J:+JAVA=$J} STEWARD_AGENT_STATE=$R/state$n STEWARD_AGENT_JAVA_OPTS=-Djava.io.tmpdir=$R/state$n/tmp \
    /opt/steward-agent/bin/steward-agent run --once --config-dir $R/conf$n > $R/once$n.log 2>&1
  echo "once$n rc=$?"
done
for n in 1 2 3 4 5; do
  if [ $n -le 3 ]; then J=""; else J="$JAVA_HOME/bin/java"; fi
  runuser -u steward-agent -- env ${J:+JAVA=$J} STEWARD_AGENT_STATE=$R/state$n STEWARD_AGENT_JAVA_OPTS=-Djava.io.tmpdir=$R/state$n/tmp \
    /opt/steward-agent/bin/steward-agent run --config-dir $R/conf$n > $R/agent$n.log 2>&1 &
  PIDS+=($!)
done
sleep 60
for n in 1 2 3 4 5; do pgrep -u steward-agent -f "conf$n\b" | head -1; done > $R/javapids
paste <(seq 1 5) $R/javapids | while read n pid; do echo "$n pid=$pid $(awk '{print $14+$15}' /proc/$pid/stat)"; done > $R/cpu60.txt
sleep 240
paste <(seq 1 5) $R/javapids | while read n pid; do echo "$n pid=$pid exe=$(readlink /proc/$pid/exe) $(grep VmRSS /proc/$pid/status) ticks300=$(awk '{print $14+$15}' /proc/$pid/stat)"; done | tee $R/rss300.txt
uptime >> $R/rss300.txt
ls -la $R/state*/ >> $R/rss300.txt
for p in $(cat $R/javapids); do kill $p 2>/dev/null || true; done
sleep 3
kill $SERVER || true
sleep 5
dpkg --purge steward-agent > $R/purge.log 2>&1
echo finished
