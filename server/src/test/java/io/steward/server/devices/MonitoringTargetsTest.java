package io.steward.server.devices;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which monitoring targets an agent may be told to probe. */
class MonitoringTargetsTest {

    private static MonitoringTargets.Verdict check(Integer metrics, Integer heartbeat, List<String> hosts, List<MonitoringSettings.HttpCheck> checks,
                                                   List<String> services) {
        return MonitoringTargets.check(new MonitoringTargets.Request(metrics, heartbeat, hosts, checks, services), 30);
    }

    @Test
    void acceptsPlainTargetsAndNormalisesThem() {
        MonitoringTargets.Verdict v = check(null, null, List.of(" GW.Example.com. ", "10.0.0.1", "::1", "[fe80::1]", "gw.example.com"),
                List.of(new MonitoringSettings.HttpCheck("https://intranet.example/health", null),
                        new MonitoringSettings.HttpCheck("http://10.0.0.5:8080/status?x=1", 204)),
                List.of("nginx.service", "getty@tty1.service", "sshd"));
        assertThat(v.errors()).isEmpty();
        assertThat(v.accepted().metricsSeconds()).isEqualTo(60);
        assertThat(v.accepted().heartbeatSeconds()).isNull();
        assertThat(v.accepted().pingHosts()).containsExactly("gw.example.com", "10.0.0.1", "::1", "fe80::1");
        assertThat(v.accepted().httpChecks()).containsExactly(new MonitoringSettings.HttpCheck("https://intranet.example/health", 200),
                new MonitoringSettings.HttpCheck("http://10.0.0.5:8080/status?x=1", 204));
        assertThat(v.accepted().services()).containsExactly("nginx.service", "getty@tty1.service", "sshd");
    }

    @Test
    void refusesWhatIsNotAHostAUrlOrAUnit() {
        assertThat(MonitoringTargets.hostProblem("host; rm -rf /")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("-oProxyCommand=x")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("256.1.1.1")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("1.2.3")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("1:2:3:4:5:6:7:8:9")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("a..b")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("host.123")).isNotNull();
        assertThat(MonitoringTargets.hostProblem("x".repeat(64) + ".example")).isNotNull();
        assertThat(MonitoringTargets.urlProblem("ftp://example.com/")).contains("http:// or https://");
        assertThat(MonitoringTargets.urlProblem("file:///etc/passwd")).isNotNull();
        assertThat(MonitoringTargets.urlProblem("javascript:alert(1)")).isNotNull();
        assertThat(MonitoringTargets.urlProblem("https://user:secret@example.com/")).contains("password");
        assertThat(MonitoringTargets.urlProblem("https:///nohost")).isNotNull();
        assertThat(MonitoringTargets.urlProblem("http://bad_host/")).isNotNull();
        assertThat(MonitoringTargets.urlProblem("https://example.com/" + "a".repeat(300))).contains("255");
        assertThat(MonitoringTargets.unitProblem("--user")).isNotNull();
        assertThat(MonitoringTargets.unitProblem("nginx service")).isNotNull();
        assertThat(MonitoringTargets.unitProblem("a;b")).isNotNull();
    }

    @Test
    void boundsIntervalsAndListsWithAReasonPerField() {
        MonitoringTargets.Verdict v = check(5, 31, List.of("ok.example", "not a host"),
                List.of(new MonitoringSettings.HttpCheck("https://example.com/", 700)), List.of("-x"));
        assertThat(v.ok()).isFalse();
        assertThat(v.accepted()).isNull();
        assertThat(v.errors()).containsKeys("metricsSeconds", "heartbeatSeconds", "pingHosts", "httpChecks", "services");
        assertThat(v.errors().get("pingHosts")).contains("not a host");
        assertThat(v.errors().get("httpChecks")).contains("100 to 599");
        assertThat(check(10, 5, null, null, null).ok()).isTrue();
        assertThat(check(3600, 30, null, null, null).ok()).isTrue();
        assertThat(check(3601, null, null, null, null).errors()).containsKey("metricsSeconds");
        assertThat(check(null, 4, null, null, null).errors()).containsKey("heartbeatSeconds");
        assertThat(check(null, null, java.util.Collections.nCopies(21, "h.example"), null, null).errors().get("pingHosts")).contains("20");
        assertThat(check(null, null, null, java.util.Collections.nCopies(21, new MonitoringSettings.HttpCheck("http://a.example/", null)), null)
                .errors()).containsKey("httpChecks");
        assertThat(check(null, null, null, null, java.util.Collections.nCopies(51, "a.service")).errors()).containsKey("services");
        assertThat(check(null, null, java.util.Arrays.asList("a.example", null), null, null).errors()).containsKey("pingHosts");
    }

    @Property(tries = 500)
    void anyStringIsJudgedWithoutThrowingAndAcceptedHostsAreSafeArguments(@ForAll("junk") String s) {
        String host = MonitoringTargets.hostProblem(s);
        String url = MonitoringTargets.urlProblem(s);
        String unit = MonitoringTargets.unitProblem(s);
        if (host == null) {
            String normal = MonitoringTargets.normalHost(s);
            assertThat(normal).doesNotStartWith("-").doesNotContainAnyWhitespaces().hasSizeLessThanOrEqualTo(253);
            assertThat(MonitoringTargets.hostProblem(normal)).as("normalising keeps it valid").isNull();
        }
        if (url == null) {
            assertThat(s.toLowerCase()).matches("https?://.*");
            assertThat(java.net.URI.create(s).getRawUserInfo()).isNull();
            assertThat(s).hasSizeLessThanOrEqualTo(255);
        }
        if (unit == null) {
            assertThat(s).doesNotStartWith("-").doesNotContainAnyWhitespaces();
        }
    }

    @Property(tries = 300)
    void everyWellFormedHostNameIsAccepted(@ForAll("hostNames") String name) {
        assertThat(MonitoringTargets.hostProblem(name)).isNull();
        assertThat(MonitoringTargets.urlProblem("https://" + name + "/health")).isNull();
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("ab1-.:/@[]% _;").ofMaxLength(30),
                Arbitraries.strings().withChars("abc:/.@").ofMaxLength(20).map(t -> "http://" + t),
                Arbitraries.strings().withChars("0123456789abcdef:.").ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> hostNames() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcxyz0189").ofMinLength(1).ofMaxLength(20)
                .flatMap(core -> Arbitraries.of("", "-", "--").map(mid -> core.length() > 1 ? core.charAt(0) + mid + core.substring(1) : core));
        return label.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l))
                .map(n -> Character.isLetter(n.charAt(n.lastIndexOf('.') + 1)) ? n : n.substring(0, n.lastIndexOf('.') + 1) + "x" + n.substring(n.lastIndexOf('.') + 1));
    }
}
