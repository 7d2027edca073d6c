#!/usr/bin/env bash
# RSS of the real agent (launcher, AppCDS) with the task runner: idle at 300 s, then while running a task.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
R=/tmp/rss/run; rm -rf "$R"; mkdir -p "$R"
HOMEDIR=$R/home; PORT=18181; DB=15533
"$JAVA_HOME/bin/java" -jar "$root/server/target/steward-server.jar" --demo --steward.home=$HOMEDIR --server.port=$PORT --steward.tls-port=0 \
  --steward.db.embedded-port=$DB --steward.demo.live-agents=0 --steward.devices.agent-jar=$root/agent/target/steward-agent.jar > $R/server.out 2>&1 &
SERVER=$!
echo $SERVER > $R/server.pid
for i in $(seq 1 240); do curl -fs http://localhost:$PORT/actuator/health 2>/dev/null | grep -q UP && break; sleep 1; done
API=$(grep "^admin_api_token=" $HOMEDIR/demo-credentials.txt | cut -d= -f2-)
CLIENT=$(curl -fs -H "Authorization: Bearer $API" "http://localhost:$PORT/api/v1/clients?q=Alpine" | grep -o '"id":"[0-9a-f-]*"' | head -1 | cut -d'"' -f4)
SIGNER_FP=$(curl -fs -H "Authorization: Bearer $API" "http://localhost:$PORT/api/v1/automation/signer" | grep -o '"fingerprint":"[^"]*"' | head -1 | cut -d'"' -f4)
java -cp $root/protocol/target/classes $root/bench/AgentTaskRssOrders.java keygen $R
export JAVA="$JAVA_HOME/bin/java" STEWARD_AGENT_JAR=$root/agent/target/steward-agent.jar
DEVICES=()
for n in 1 2 3; do
  TOKEN=$(curl -fs -H "Authorization: Bearer $API" -H 'Content-Type: application/json' -X POST "http://localhost:$PORT/api/v1/clients/$CLIENT/enrollment-tokens" \
    -d '{"name":"rss","expiresInHours":1,"maxUses":1,"autoApprove":true}' | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
  mkdir -p $R/state$n $R/conf$n
  $root/agent/packaging/steward-agent enroll --server http://localhost:$PORT --token $TOKEN --config-dir $R/conf$n --signer-fingerprint "$SIGNER_FP" --tasks all --interpreters bash,sh >/dev/null
  sed -i "s|^signerKey=.*||" $R/conf$n/tasks.properties; echo "signerKey=$(cat $R/signer.pub)" >> $R/conf$n/tasks.properties
  DEVICES+=($(grep -o 'deviceId=[0-9a-f-]*' $R/conf$n/agent.properties | cut -d= -f2))
  # First run makes the class-data archive from a run that polled for tasks (it is written at exit).
  STEWARD_AGENT_STATE=$R/state$n timeout -s TERM 40 $root/agent/packaging/steward-agent run --config-dir $R/conf$n > $R/agent$n.first.log 2>&1 || true
done
PIDS=()
for n in 1 2 3; do
  STEWARD_AGENT_STATE=$R/state$n $root/agent/packaging/steward-agent run --config-dir $R/conf$n > $R/agent$n.log 2>&1 &
  PIDS+=($!)
done
sleep 300
for p in "${PIDS[@]}"; do j=$(pgrep -P $p java || echo $p); echo "idle300 pid=$j $(grep VmRSS /proc/$j/status)"; done | tee $R/idle.txt
java -cp $root/protocol/target/classes $root/bench/AgentTaskRssOrders.java sql $R $CLIENT "${DEVICES[@]}" > $R/task.sql
psql -q -h localhost -p $DB -U postgres -d steward -f $R/task.sql
sleep 60
psql -At -h localhost -p $DB -U postgres -d steward -c "SELECT device_id, state FROM task_run ORDER BY device_id" | tee $R/states.txt
for p in "${PIDS[@]}"; do j=$(pgrep -P $p java || echo $p); echo "running pid=$j $(grep VmRSS /proc/$j/status)"; done | tee $R/running.txt
sleep 75
psql -At -h localhost -p $DB -U postgres -d steward -c "SELECT device_id, state, exit_code, duration_ms FROM task_run ORDER BY device_id" | tee $R/final.txt
for p in "${PIDS[@]}"; do j=$(pgrep -P $p java || echo $p); echo "after pid=$j $(grep VmRSS /proc/$j/status)"; done | tee $R/after.txt
for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done
kill $SERVER
