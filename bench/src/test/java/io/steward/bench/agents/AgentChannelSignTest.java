package io.steward.bench.agents;

import java.net.URI;
import java.security.KeyPair;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's fast signing produces the agent's signature byte for byte (Ed25519 is deterministic). */
class AgentChannelSignTest {
    @Test
    void signsExactlyAsTheAgentDoes() {
        try (AgentChannel channel = new AgentChannel(URI.create("http://localhost:1"), null, false)) {
            for (int i = 0; i < 20; i++) {
                KeyPair pair = DeviceKeys.generate();
                String canonical = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, 1_763_000_000L + i, ("{\"seq\":" + i + "}").getBytes());
                String fast = channel.sign(pair.getPrivate(), canonical);
                assertThat(fast).isEqualTo(DeviceKeys.sign(pair.getPrivate(), canonical));
                assertThat(DeviceKeys.verify(pair.getPublic(), canonical, fast)).isTrue();
                // The stream's hello (protocol v2) is signed the same way.
                String hello = io.steward.protocol.stream.StreamProtocol.helloText("dev-" + i, new byte[] {(byte) i, 2, 3});
                assertThat(channel.sign(pair.getPrivate(), hello)).isEqualTo(DeviceKeys.sign(pair.getPrivate(), hello));
            }
        }
    }
}
