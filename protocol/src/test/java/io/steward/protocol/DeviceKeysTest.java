package io.steward.protocol;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceKeysTest {

    @Test
    void aSignatureVerifiesOnlyForItsKeyAndItsRequest() {
        KeyPair device = DeviceKeys.generate();
        KeyPair other = DeviceKeys.generate();
        String request = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, 1_800_000_000L, AgentProtocol.utf8("{\"seq\":1}"));
        String signature = DeviceKeys.sign(device.getPrivate(), request);
        var publicKey = DeviceKeys.decodePublic(DeviceKeys.encodePublic(device.getPublic()));
        assertThat(DeviceKeys.verify(publicKey, request, signature)).isTrue();
        assertThat(DeviceKeys.verify(other.getPublic(), request, signature)).isFalse();
        String tampered = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, 1_800_000_000L, AgentProtocol.utf8("{\"seq\":2}"));
        assertThat(DeviceKeys.verify(publicKey, tampered, signature)).isFalse();
        assertThat(DeviceKeys.verify(publicKey, request, "not base64!")).isFalse();
        assertThat(DeviceKeys.verify(publicKey, request, null)).isFalse();
    }

    @Test
    void keysSurviveTheirEncodings() {
        KeyPair device = DeviceKeys.generate();
        var restored = DeviceKeys.decodePrivate(DeviceKeys.encodePrivate(device.getPrivate()));
        String request = AgentProtocol.canonicalRequest("GET", AgentProtocol.HEARTBEAT_PATH, 1, null);
        assertThat(DeviceKeys.verify(device.getPublic(), request, DeviceKeys.sign(restored, request))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceKeys.decodePublic("AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
