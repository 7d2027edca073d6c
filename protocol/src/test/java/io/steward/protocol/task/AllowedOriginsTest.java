package io.steward.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AllowedOriginsTest {
    @Test
    void anExactEntryMatchesItselfOnlyAndAPortWildcardMatchesOnlyPortsOfItsSchemeAndHost() {
        AllowedOrigins o = new AllowedOrigins(List.of("https://steward.example.com", "http://localhost:*"));
        assertThat(o.allows("https://steward.example.com")).isTrue();
        assertThat(o.allows("https://steward.example.com:8443")).isFalse();
        assertThat(o.allows("http://localhost:41277")).isTrue();
        assertThat(o.allows("http://localhost")).isTrue();
        assertThat(o.allows("https://localhost:41277")).isFalse();
        assertThat(o.allows("http://localhost:41277.evil.example")).isFalse();
        assertThat(o.allows("http://localhost.evil.example:80")).isFalse();
        assertThat(o.allows(null)).isFalse();
    }
}
