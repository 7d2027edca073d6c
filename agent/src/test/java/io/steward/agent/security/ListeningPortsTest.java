package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.protocol.security.SecurityCheckMessages.Plan;

class ListeningPortsTest {
    @TempDir
    Path tmp;

    static Plan allowing(List<String> ports) {
        return new Plan(60, 60, 10, ports, List.of(), 72, 30);
    }

    @Test
    void aRealLoopbackListenerFailsTheCheckUntilThePlanAllowsIt() throws Exception {
        ListeningPorts check = new ListeningPorts(Path.of("/proc/net"), Programs.SYSTEM, false);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();
            var notAllowed = check.evaluate(allowing(List.of("22/tcp")));
            assertThat(notAllowed.status()).isEqualTo(SecurityCheckMessages.FAIL);
            assertThat(notAllowed.evidence()).contains(port + "/tcp on 127.0.0.1");

            // Allowed: the port is no longer named. The machine is shared: other builds open and close ports, so
            // allow what else listens now and try again if something new appeared in between.
            SecurityCheckMessages.Result allowed = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                List<String> everything = new ArrayList<>(List.of(port + "/tcp"));
                everything.addAll(listeningNow());
                allowed = check.evaluate(allowing(everything));
                if (allowed.status().equals(SecurityCheckMessages.PASS)) {
                    break;
                }
            }
            assertThat(allowed.status()).as(allowed.evidence()).isEqualTo(SecurityCheckMessages.PASS);
            assertThat(allowed.evidence()).contains(port + "/tcp");
            var onlyOurs = check.evaluate(allowing(List.of(port + "/tcp")));
            assertThat(onlyOurs.evidence()).doesNotContain(port + "/tcp on");
        }
    }

    @Test
    void aBoundUdpSocketCountsAsListening() throws Exception {
        ListeningPorts check = new ListeningPorts(Path.of("/proc/net"), Programs.SYSTEM, false);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = socket.getLocalPort();
            assertThat(check.evaluate(allowing(List.of())).evidence()).contains(port + "/udp on 127.0.0.1");
            assertThat(check.evaluate(allowing(List.of(port + "/udp"))).evidence()).doesNotContain(port + "/udp on");
            // A TCP rule does not allow the UDP port.
            assertThat(check.evaluate(allowing(List.of(port + "/tcp"))).evidence()).contains(port + "/udp on 127.0.0.1");
        }
    }

    /** Every port listening now, independently of the check: what ss shows. */
    private static List<String> listeningNow() throws Exception {
        Process p = new ProcessBuilder("ss", "-Htlnu").redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 5) {
                out.add(f[4].substring(f[4].lastIndexOf(':') + 1) + "/" + f[0]);
            }
        }
        p.waitFor();
        return out;
    }

    @Test
    void procTablesAreReadForListenersOnly() throws Exception {
        Files.writeString(tmp.resolve("tcp6"), FakePrograms.captured("proc-net-tcp6.txt"));
        Files.writeString(tmp.resolve("udp"), FakePrograms.captured("proc-net-udp.txt"));
        var r = new ListeningPorts(tmp, new FakePrograms(), false).evaluate(allowing(List.of("22/tcp")));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // tcp: 22 on every address (allowed), 8080 on ::1; the established socket is no listener; udp: 53 on 127.0.0.53, the connected one not.
        assertThat(r.evidence()).isEqualTo("2 listening ports not allowed: 53/udp on 127.0.0.53; 8080/tcp on [0:0:0:0:0:0:0:1]");
        assertThat(new ListeningPorts(tmp, new FakePrograms(), false).evaluate(allowing(List.of("22/tcp", "53", "8000-8099/tcp"))).status())
                .isEqualTo(SecurityCheckMessages.PASS);
    }

    @Test
    void allowedEntriesArePortsWithOrWithoutProtocolAndRanges() {
        assertThat(ListeningPorts.allowed(List.of("22/tcp"), "tcp", 22)).isTrue();
        assertThat(ListeningPorts.allowed(List.of("22/tcp"), "udp", 22)).isFalse();
        assertThat(ListeningPorts.allowed(List.of(" 443 "), "udp", 443)).isTrue();
        assertThat(ListeningPorts.allowed(List.of("8000-8099/TCP"), "tcp", 8099)).isTrue();
        assertThat(ListeningPorts.allowed(List.of("8000-8099/tcp"), "tcp", 8100)).isFalse();
        assertThat(ListeningPorts.allowed(List.of("ssh"), "tcp", 22)).isFalse();
        assertThat(ListeningPorts.allowed(null, "tcp", 22)).isFalse();
    }

    @Test
    void windowsListsTcpListenersAndUdpEndpoints() {
        FakePrograms programs = new FakePrograms().answer(ListeningPorts.WINDOWS_SCRIPT, 0, FakePrograms.captured("windows-listening.json"));
        var r = new ListeningPorts(tmp, programs, true).evaluate(allowing(List.of("22/tcp", "135/tcp")));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).isEqualTo("2 listening ports not allowed: 3389/tcp on 0.0.0.0; 5353/udp on 0.0.0.0");
        assertThat(ListeningPorts.WINDOWS_SCRIPT).contains("Get-NetTCPConnection -State Listen");
    }

    @Test
    void addressesAreDecodedFromTheKernelsWordOrder() {
        assertThat(ListeningPorts.address("0100007F", false)).isEqualTo("127.0.0.1");
        assertThat(ListeningPorts.address("00000000000000000000000000000000", true)).isEqualTo("[::]");
        assertThat(ListeningPorts.address("0000000000000000FFFF00000100007F", true)).isEqualTo("127.0.0.1");
    }
}
