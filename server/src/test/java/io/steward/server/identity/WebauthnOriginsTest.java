package io.steward.server.identity;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which origins may use passkeys: exact origins, and "scheme://host:*" for any port of that scheme and host. */
class WebauthnOriginsTest {

    @Test
    void aPortWildcardAllowsAnyPortOfThatSchemeAndHostOnly() {
        IdentityProperties.Webauthn rp = new IdentityProperties.Webauthn("localhost", "Steward", List.of("http://localhost:*"));
        assertThat(rp.allows("http://localhost:8080")).isTrue();
        assertThat(rp.allows("http://localhost:41234")).isTrue();
        assertThat(rp.allows("http://localhost")).isTrue();
        assertThat(rp.allows("https://localhost:8080")).isFalse();
        assertThat(rp.allows("http://localhost.evil.example:8080")).isFalse();
        assertThat(rp.allows("http://localhost:8080.evil.example")).isFalse();
        assertThat(rp.allows("http://localhost:")).isFalse();
        assertThat(rp.allows(null)).isFalse();
    }

    @Test
    void anExactOriginAllowsItselfAlone() {
        IdentityProperties.Webauthn rp = new IdentityProperties.Webauthn("steward.example.com", "Steward",
                List.of(" https://steward.example.com ", "https://desk.example.com:8443"));
        assertThat(rp.allows("https://steward.example.com")).isTrue();
        assertThat(rp.allows("https://desk.example.com:8443")).isTrue();
        assertThat(rp.allows("https://steward.example.com:444")).isFalse();
        assertThat(rp.allows("http://steward.example.com")).isFalse();
        assertThat(rp.allows("https://desk.example.com")).isFalse();
    }
}
