#!/usr/bin/env bash
# Builds the agent's installable packages, each with its own trimmed Java runtime, so an endpoint
# needs no Java installed:
#
#   steward-agent_<version>_amd64.deb        (dpkg-deb --root-owner-group)
#   steward-agent-<version>-1.x86_64.rpm     (rpmbuild; Debian's `rpm` package provides it)
#
# Layout on the endpoint:
#   /opt/steward-agent/bin/steward-agent      the launcher (agent/packaging/steward-agent), also /usr/bin/steward-agent
#   /opt/steward-agent/lib/steward-agent.jar  the agent
#   /opt/steward-agent/runtime/               the jlink runtime the launcher prefers to any other Java
#   systemd unit steward-agent.service        starts once the device is enrolled (ConditionPathExists)
# The packages' scripts create the system user steward-agent, /etc/steward-agent and /var/lib/steward-agent (0700).
#
# Usage: agent/packaging/build-packages.sh [--jar agent/target/steward-agent.jar] [--out agent/target/packages]
#                                          [--version from the jar's manifest] [--skip-rpm]
# Works offline: jlink links from the build JDK's own run-time image (JDK 24+ built with a linkable run-time,
# as Temurin 25 is) or its jmods/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/agent/target/steward-agent.jar
out=$root/agent/target/packages
version=
skip_rpm=
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --skip-rpm) skip_rpm=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
. "$root/bin/jdk.sh"
[ -f "$jar" ] || { echo "no agent jar at $jar: build it with bin/test -q -pl protocol,agent (or mvn -B package -pl protocol,agent -DskipTests)" >&2; exit 1; }
if [ -z "$version" ]; then
  version=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')
fi
case "$version" in
  ''|*[!A-Za-z0-9.+~-]*) echo "bad version '$version'" >&2; exit 1 ;;
esac
# Debian and RPM both sort '~' before anything, so 0.1.0~SNAPSHOT comes before 0.1.0; RPM versions may not hold '-'.
pkgver=${version//-/\~}

# Modules: what jdeps finds in the shaded jar, less those only reached by code the agent never runs. The build
# fails when jdeps names a module that is in neither list, so a new dependency's needs are looked at, not missed.
#   java.desktop, java.datatransfer: JNA's and OSHI's AWT helpers (window ids, desktop window geometry) - not
#     used by any collector; JNA loads without AWT (checked by test-packages.sh's RuntimeProbe)
#   java.sql: Gson's optional java.sql.Date adapters, which Gson skips when the module is absent
#   java.compiler: Error Prone's annotations in Gson (compile time only)
modules="java.base,java.logging,java.net.http"
not_needed="java.desktop java.datatransfer java.sql java.compiler"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/classes"
(cd "$work/classes" && unzip -q "$jar" && find . -name module-info.class -delete)
found=$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps "$work/classes")
for m in ${found//,/ }; do
  case ",$modules," in *",$m,"*) continue ;; esac
  case " $not_needed " in *" $m "*) continue ;; esac
  echo "jdeps says the agent needs module $m, which is not in the runtime's list: add it to modules= or not_needed= in $0" >&2
  exit 1
done
rm -rf "$work/classes"

stage=$work/root
mkdir -p "$stage/opt/steward-agent/bin" "$stage/opt/steward-agent/lib" "$stage/usr/bin"
# --generate-cds-archive: the runtime's base class-data archive, on which the launcher's per-jar (dynamic) archive
# is built; without it -XX:+AutoCreateSharedArchive does nothing and the agent runs ~12 MiB larger.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$stage/opt/steward-agent/runtime" \
  --strip-debug --no-man-pages --no-header-files --generate-cds-archive >"$work/jlink.log" 2>&1 \
  || { cat "$work/jlink.log" >&2; exit 1; }
# The archive for heaps over 32 GB (no compressed oops) is never mapped with the launcher's -Xmx16m: 14 MB less.
rm -f "$stage/opt/steward-agent/runtime/lib/server/classes_nocoops.jsa"
install -m 0644 "$jar" "$stage/opt/steward-agent/lib/steward-agent.jar"
install -m 0755 "$here/steward-agent" "$stage/opt/steward-agent/bin/steward-agent"
ln -s /opt/steward-agent/bin/steward-agent "$stage/usr/bin/steward-agent"
# The packaged unit: the launcher's bundled runtime instead of /usr/bin/java, and no start before enrollment.
unit=$work/steward-agent.service
sed -e '/^Environment=JAVA=/d' \
    -e 's|^ExecStart=/opt/steward-agent/steward-agent |ExecStart=/opt/steward-agent/bin/steward-agent |' \
    -e 's|^# Steward endpoint agent. Install: see agent/README.md.|# Steward endpoint agent, installed by the steward-agent package (agent/README.md).|' \
    -e 's|^After=network-online.target|&\n# Enroll first (steward-agent enroll ... --config-dir /etc/steward-agent); until then the unit does not start.\nConditionPathExists=/etc/steward-agent/agent.properties|' \
    "$here/steward-agent.service" > "$unit"
grep -q '^ExecStart=/opt/steward-agent/bin/steward-agent run' "$unit" || { echo "the unit's ExecStart was not rewritten" >&2; exit 1; }
mkdir -p "$out"

# ---- .deb
deb=$work/deb
mkdir -p "$deb/DEBIAN" "$deb/lib/systemd/system"
cp -a "$stage/." "$deb/"
install -m 0644 "$unit" "$deb/lib/systemd/system/steward-agent.service"
for script in postinst prerm postrm; do
  install -m 0755 "$here/deb/$script" "$deb/DEBIAN/$script"
done
size=$(du -sk --exclude=DEBIAN "$deb" | cut -f1)
cat > "$deb/DEBIAN/control" <<EOF
Package: steward-agent
Version: $pkgver
Architecture: amd64
Maintainer: Steward <steward@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.17), passwd
Section: admin
Priority: optional
Homepage: https://github.com/steward/steward
Description: Steward endpoint agent (RMM) with its own Java runtime
 Sends heartbeats, metrics and inventory to a Steward server and runs tasks signed
 by the task signer's key. Brings a trimmed Java runtime under /opt/steward-agent,
 so no Java needs to be installed. Enroll with
 "sudo -u steward-agent steward-agent enroll --config-dir /etc/steward-agent ...",
 then "systemctl enable --now steward-agent".
EOF
debfile="$out/steward-agent_${pkgver}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$debfile" >/dev/null
echo "$debfile"

# ---- .rpm
if [ -z "$skip_rpm" ]; then
  command -v rpmbuild >/dev/null || { echo "rpmbuild is missing: apt-get install rpm (or pass --skip-rpm)" >&2; exit 1; }
  rpmroot=$work/rpm
  mkdir -p "$rpmroot/stage/usr/lib/systemd/system"
  cp -a "$stage/." "$rpmroot/stage/"
  install -m 0644 "$unit" "$rpmroot/stage/usr/lib/systemd/system/steward-agent.service"
  rpmbuild -bb --quiet --target x86_64-linux \
    --define "_topdir $rpmroot" --define "_rpmdir $out" --define "_tmppath $rpmroot/tmp" \
    --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
    --define "stage $rpmroot/stage" --define "pkgver $pkgver" \
    "$here/steward-agent.spec" >"$work/rpmbuild.log" 2>&1 || { cat "$work/rpmbuild.log" >&2; exit 1; }
  echo "$out/steward-agent-${pkgver}-1.x86_64.rpm"
fi
