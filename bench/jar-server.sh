# Sourced by bench/servicedesk.sh and bench/report.sh: starts the packaged server jar in demo mode on a bench home,
# with its embedded PostgreSQL on a known port (these benches seed through JDBC), waits until it is UP, and stops it
# (and with it its PostgreSQL) however the script ends. Server JVM options: SERVER_JAVA_OPTS.

# jar_server <home> <http port> <database port> [more server options]
jar_server() {
  local home=$1 port=$2 db_port=$3
  shift 3
  mkdir -p "$home"
  # shellcheck disable=SC2086 # the options are meant to split into words
  java ${SERVER_JAVA_OPTS:-} -jar "$root/server/target/steward-server.jar" --demo --steward.home="$home" \
    --server.port="$port" --steward.db.embedded-port="$db_port" \
    --steward.demo.history=false --steward.demo.live-agents=0 "$@" >"$home/server.out" 2>&1 &
  jar_server_pid=$!
  trap 'kill $jar_server_pid 2>/dev/null; wait $jar_server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 120); do
    if curl -sf "http://localhost:$port/actuator/health" | grep -q '"UP"'; then return 0; fi
    kill -0 "$jar_server_pid" 2>/dev/null || { echo "server exited; see $home/server.out" >&2; exit 1; }
    sleep 1
  done
  echo "server not UP after 120 s; see $home/server.out" >&2
  exit 1
}
