#!/usr/bin/env bash
# Installs the built .deb on this machine and checks what it did, runs the agent with the bundled runtime only
# (no Java on PATH), purges it and checks it is gone; then checks the .rpm's contents and scripts, and runs the
# runtime out of the .rpm's payload. Needs root, dpkg and rpm; does not start the systemd unit (the test machine
# may have no systemd), it runs the agent's commands instead.
#
# Usage: agent/packaging/test-packages.sh DEB RPM
set -euo pipefail
deb=$(readlink -f "$1")
rpmfile=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "test-packages.sh installs a package: run it as root" >&2; exit 1; }
if dpkg-query -W -f '${Status}' steward-agent 2>/dev/null | grep -q installed || getent passwd steward-agent >/dev/null; then
  echo "steward-agent is already installed (or its user exists) on this machine: not touching it" >&2
  exit 1
fi
work=$(mktemp -d)
# The service user runs the launcher and the probe from here.
chmod 0755 "$work"
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
expect() { # expect "what" command...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}
cleanup() {
  if dpkg-query -W -f '${Status}' steward-agent 2>/dev/null | grep -q installed; then dpkg --purge steward-agent >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A PATH with the tools the launcher and the inventory use and no java: whatever runs, runs on the bundled runtime.
nojava=$work/nojava-bin
mkdir -p "$nojava"
for tool in sh dirname readlink stat tr rm env dpkg-query cat sed date mv; do ln -s "$(command -v $tool)" "$nojava/$tool"; done
expect "the stripped PATH has no java" sh -c "! PATH=$nojava command -v java"

echo "--- dpkg -i $(basename "$deb")"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; exit 1; }
pass "dpkg -i"
expect "dpkg says installed" sh -c "dpkg-query -W -f '\${Status}' steward-agent | grep -qx 'install ok installed'"
user=$(getent passwd steward-agent || true)
uid=$(echo "$user" | cut -d: -f3)
expect "system user steward-agent exists" test -n "$user"
expect "it is a system user (uid $uid < 1000)" test "${uid:-1000}" -lt 1000
expect "it has no login shell ($(echo "$user" | cut -d: -f7))" sh -c "echo '$user' | cut -d: -f7 | grep -q nologin"
for d in /etc/steward-agent /var/lib/steward-agent /var/lib/steward-agent/tmp; do
  expect "$d is 700 steward-agent:steward-agent ($(stat -c '%a %U:%G' $d 2>/dev/null))" \
    sh -c "[ \"\$(stat -c '%a %U:%G' $d)\" = '700 steward-agent:steward-agent' ]"
done
unit=/lib/systemd/system/steward-agent.service
expect "unit file installed" test -f $unit
expect "unit runs the packaged launcher" grep -qx 'ExecStart=/opt/steward-agent/bin/steward-agent run --config-dir /etc/steward-agent' $unit
expect "unit runs as steward-agent" grep -qx 'User=steward-agent' $unit
expect "unit does not point at a system Java" sh -c "! grep -q '^Environment=JAVA=' $unit"
expect "unit waits for enrollment" grep -qx 'ConditionPathExists=/etc/steward-agent/agent.properties' $unit
expect "bundled runtime present" test -x /opt/steward-agent/runtime/bin/java
expect "/usr/bin/steward-agent links the launcher" sh -c "[ \"\$(readlink -f /usr/bin/steward-agent)\" = /opt/steward-agent/bin/steward-agent ]"

version=$(env -i PATH="$nojava" /opt/steward-agent/bin/steward-agent --version 2>&1 || true)
echo "    --version: $version"
expect "--version runs with PATH stripped of java" sh -c "echo '$version' | grep -q '^steward-agent .*, protocol '"
home=$(env -i PATH="$nojava" STEWARD_AGENT_JAVA_OPTS=-XshowSettings:properties /opt/steward-agent/bin/steward-agent --version 2>&1 \
  | sed -n 's/^ *java.home = //p')
expect "the JVM that ran is the bundled one (java.home = $home)" test "$home" = /opt/steward-agent/runtime
# As the service user, on the service's config directory: not enrolled yet, which status says with exit code 3.
set +e
status=$(runuser -u steward-agent -- env -i PATH="$nojava" /opt/steward-agent/bin/steward-agent status --config-dir /etc/steward-agent 2>&1)
code=$?
set -e
echo "$status" | sed 's/^/    status: /'
expect "status as steward-agent says not enrolled (exit $code)" sh -c "[ $code = 3 ] && echo '$status' | grep -q 'enrolled: *no'"
# Everything the agent does besides talking to the server, on the trimmed runtime (OSHI through JNA, collectors,
# Ed25519, JSON); the probe is compiled with the build JDK against the packaged jar.
. "$root/bin/jdk.sh"
"$JAVA_HOME/bin/javac" --release 21 -cp /opt/steward-agent/lib/steward-agent.jar -d "$work/probe" "$here/test/RuntimeProbe.java"
chmod -R a+rX "$work/probe"
probe=$(runuser -u steward-agent -- env -i PATH="$nojava" /opt/steward-agent/runtime/bin/java -Djava.io.tmpdir=/var/lib/steward-agent/tmp \
  --enable-native-access=ALL-UNNAMED -cp "/opt/steward-agent/lib/steward-agent.jar:$work/probe" RuntimeProbe 2>&1 || true)
echo "$probe" | sed 's/^/    probe: /'
expect "collectors, JNA, Ed25519 and JSON work on the bundled runtime" sh -c "echo '$probe' | grep -qx 'probe ok'"

# A self-update staged before a package (re)install no longer takes precedence afterwards.
install -d -o steward-agent -g steward-agent -m 0700 /var/lib/steward-agent/releases
echo steward-agent-9.9.9.jar > /var/lib/steward-agent/releases/current
dpkg -i "$deb" >"$work/dpkg2.log" 2>&1 || { cat "$work/dpkg2.log"; fail "dpkg -i again"; }
expect "reinstalling drops a staged self-update" test ! -e /var/lib/steward-agent/releases/current

echo "--- dpkg --purge steward-agent"
dpkg --purge steward-agent >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
expect "package gone" sh -c "! dpkg-query -W -f '\${Status}' steward-agent 2>/dev/null | grep -q installed"
expect "user gone" sh -c "! getent passwd steward-agent"
expect "group gone" sh -c "! getent group steward-agent"
for p in /opt/steward-agent /etc/steward-agent /var/lib/steward-agent $unit /usr/bin/steward-agent; do
  expect "$p gone" test ! -e $p
done

echo "--- $(basename "$rpmfile")"
files=$(rpm -qlp "$rpmfile" 2>/dev/null)
for f in /opt/steward-agent/bin/steward-agent /opt/steward-agent/lib/steward-agent.jar /opt/steward-agent/runtime/bin/java \
         /opt/steward-agent/runtime/lib/server/classes.jsa /usr/bin/steward-agent /usr/lib/systemd/system/steward-agent.service \
         /etc/steward-agent /var/lib/steward-agent; do
  expect "rpm holds $f" sh -c "echo '$files' | grep -qx '$f'"
done
expect "rpm is x86_64" sh -c "[ \"\$(rpm -qp --qf '%{ARCH}' '$rpmfile' 2>/dev/null)\" = x86_64 ]"
expect "rpm's private dirs are 0700 steward-agent" sh -c \
  "rpm -qp --dump '$rpmfile' 2>/dev/null | grep '^/etc/steward-agent ' | grep -q ' 040700 steward-agent steward-agent '"
scripts=$(rpm -qp --scripts "$rpmfile" 2>/dev/null)
expect "rpm %pre creates the user" sh -c "echo '$scripts' | grep -q 'useradd --system'"
expect "rpm %preun stops the service on erase" sh -c "echo '$scripts' | grep -q 'systemctl stop steward-agent.service'"
expect "rpm %post drops a staged self-update" sh -c "echo '$scripts' | grep -q 'rm -f /var/lib/steward-agent/releases/current'"
expect "rpm requires no library of its bundled runtime" sh -c "! rpm -qp --requires '$rpmfile' 2>/dev/null | grep -q 'libjvm'"
# The .rpm's payload, unpacked into a private root (no scripts, its own database): its runtime runs the agent too.
mkdir -p "$work/rpmroot"
if rpm -i --root "$work/rpmroot" --dbpath "$work/rpmroot/rpmdb" --nodeps --noscripts --nosignature "$rpmfile" >"$work/rpm.log" 2>&1; then
  rversion=$(env -i PATH="$nojava" JAVA="$work/rpmroot/opt/steward-agent/runtime/bin/java" \
    STEWARD_AGENT_JAR="$work/rpmroot/opt/steward-agent/lib/steward-agent.jar" "$work/rpmroot/opt/steward-agent/bin/steward-agent" --version 2>&1 || true)
  expect "the rpm's runtime runs the agent ($rversion)" sh -c "echo '$rversion' | grep -q '^steward-agent .*, protocol '"
else
  cat "$work/rpm.log"; fail "rpm -i into a private root"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all package checks passed"
