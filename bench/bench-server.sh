# Sourced by bench/agents.sh and bench/alert-latency.sh: starts Steward in demo mode on a bench home (or reuses one
# already running on that port, e.g. agents.sh's while alert-latency.sh measures beside it), and makes an auto-approve
# enrollment token through the API with the demo admin's API token.
# Settings (environment): BENCH_PORT (18090), BENCH_TLS_PORT (18453), BENCH_TRANSPORT (https, pinned; or http),
# BENCH_CLIENT (0: which of the demo's clients, by name, the enrollment token enrolls into; e.g. 1 for alert-latency.sh
# beside a load on client 0, so that its alerts open incidents of their own rather than join the load's alert storm).
# Server JVM options: JAVA_TOOL_OPTIONS, e.g. "-XX:+FlightRecorder -XX:StartFlightRecording=filename=/tmp/a.jfr".

bench_port=${BENCH_PORT:-18090}
bench_tls_port=${BENCH_TLS_PORT:-18453}
bench_started=""

bench_health() {
  curl -sf "http://localhost:$bench_port/actuator/health" 2>/dev/null | grep -q '"UP"'
}

# bench_server <home>: sets bench_api_token; stops the server on exit only if it was started here.
bench_server() {
  local home=$1
  mkdir -p "$home"
  if bench_health; then
    echo "reusing the Steward already running on port $bench_port" >&2
  else
    "$root/bin/steward" --demo --steward.home="$home" --server.port="$bench_port" --steward.tls-port="$bench_tls_port" \
      --steward.demo.history=false --steward.demo.live-agents=0 \
      >"$home/server.out" 2>&1 &
    bench_started=$!
    # Stop the server (and with it its PostgreSQL) however the script ends.
    trap 'if [ -n "$bench_started" ]; then kill $bench_started 2>/dev/null; wait $bench_started 2>/dev/null || true; fi' EXIT
    for _ in $(seq 300); do
      if bench_health; then break; fi
      kill -0 "$bench_started" 2>/dev/null || { echo "server exited; see $home/server.out" >&2; exit 1; }
      sleep 1
    done
    bench_health || { echo "server not UP after 300 s; see $home/server.out" >&2; exit 1; }
  fi
  bench_api_token=$(sed -n 's/^admin_api_token=//p' "$home/demo-credentials.txt")
  [ -n "$bench_api_token" ] || { echo "no admin_api_token in $home/demo-credentials.txt" >&2; exit 1; }
}

# bench_enrollment_token: sets bench_token, bench_agent_url and bench_pin (--fingerprint … or nothing for http).
bench_enrollment_token() {
  local api="http://localhost:$bench_port/api/v1" client created
  client=$(curl -sf -H "Authorization: Bearer $bench_api_token" "$api/clients?size=20&sort=name" | jq -r ".items[${BENCH_CLIENT:-0}].id") \
    || { echo "the API on port $bench_port refused the admin token of this home (another home's server on that port?)" >&2; exit 1; }
  created=$(curl -sf -H "Authorization: Bearer $bench_api_token" -H 'Content-Type: application/json' \
    -d '{"name":"bench","expiresInHours":24,"maxUses":100000,"autoApprove":true}' "$api/clients/$client/enrollment-tokens")
  bench_token=$(jq -r .token <<<"$created")
  [ -n "$bench_token" ] && [ "$bench_token" != null ] || { echo "no enrollment token in: $created" >&2; exit 1; }
  if [ "${BENCH_TRANSPORT:-https}" = http ]; then
    bench_agent_url="http://localhost:$bench_port"
    bench_pin=()
  else
    bench_agent_url="https://localhost:$(jq -r .httpsPort <<<"$created")"
    bench_pin=(--fingerprint "$(jq -r .serverFingerprint <<<"$created")")
  fi
}
