package io.steward.server.alerting.internal.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertHostsTest {

    @Test
    void theHostPartOfWhatMonitorsName() {
        assertThat(AlertHosts.hostOf("web1:9100")).as("Prometheus instance label").isEqualTo("web1");
        assertThat(AlertHosts.hostOf("WEB1.corp.example:9100")).isEqualTo("web1.corp.example");
        assertThat(AlertHosts.hostOf("[2001:db8::5]:9100")).isEqualTo("2001:db8::5");
        assertThat(AlertHosts.hostOf("2001:db8::5")).as("a bare IPv6 address stays whole").isEqualTo("2001:db8::5");
        assertThat(AlertHosts.hostOf("https://user:pw@intranet.corp.example:8443/health?x=1")).isEqualTo("intranet.corp.example");
        assertThat(AlertHosts.hostOf("http://10.0.0.7/")).isEqualTo("10.0.0.7");
        assertThat(AlertHosts.hostOf("nas01.")).as("a trailing root dot").isEqualTo("nas01");
        assertThat(AlertHosts.hostOf("  ")).isNull();
        assertThat(AlertHosts.hostOf(null)).isNull();
        assertThat(AlertHosts.hostOf("https://")).isNull();
    }

    @Test
    void aQualifiedNameShortensToItsFirstLabelButAnAddressDoesNot() {
        assertThat(AlertHosts.shortName("web1.corp.example")).isEqualTo("web1");
        assertThat(AlertHosts.shortName("web1")).isEqualTo("web1");
        assertThat(AlertHosts.shortName("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(AlertHosts.shortName("2001:db8::5")).isEqualTo("2001:db8::5");
    }
}
