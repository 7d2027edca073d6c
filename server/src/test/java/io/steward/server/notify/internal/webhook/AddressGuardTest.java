package io.steward.server.notify.internal.webhook;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSRF guard on numeric addresses (no DNS needed): every refused range, its IPv6 disguises, and allowed ranges. */
class AddressGuardTest {
    final AddressGuard guard = new AddressGuard(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.0.1", "169.254.169.254",
            "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255", "::", "::1",
            "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
            "::10.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::808:808"})
    void refusesNonPublicAddresses(String address) throws Exception {
        assertThat(guard.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.253.255.255", "2606:4700:4700::1111",
            "::ffff:93.184.216.34"})
    void letsPublicAddressesThrough(String address) throws Exception {
        assertThat(guard.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @Test
    void urlsAreCheckedForSchemeUserInfoAndAddress() {
        assertThat(guard.refusal("ftp://93.184.216.34/x", false)).contains("http and https");
        assertThat(guard.refusal("https://user:pw@93.184.216.34/x", false)).contains("no user name");
        assertThat(guard.refusal("http://127.0.0.1:9/x", false)).contains("127.0.0.1");
        assertThat(guard.refusal("http://[::ffff:169.254.169.254]/latest", false)).contains("169.254.169.254");
        assertThat(guard.refusal("https://93.184.216.34/x", false)).isNull();
        assertThat(guard.refusal("http://127.0.0.1:9/x", true)).as("the endpoint's own flag").isNull();
        assertThat(guard.refusal("file:///etc/passwd", true)).as("the flag never allows another scheme").isNotNull();
    }

    @Test
    void rangesFromTheSettingsAreAllowedAndNothingElse() throws Exception {
        AddressGuard lan = new AddressGuard(List.of("10.20.0.0/16", "fd00:1::/32"));
        assertThat(lan.isPublic(InetAddress.getByName("10.20.3.4"))).isTrue();
        assertThat(lan.isPublic(InetAddress.getByName("fd00:1::5"))).isTrue();
        assertThat(lan.isPublic(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(lan.isPublic(InetAddress.getByName("127.0.0.1"))).isFalse();
    }
}
