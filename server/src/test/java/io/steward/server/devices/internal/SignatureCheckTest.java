package io.steward.server.devices.internal;

import java.security.KeyPair;
import java.util.Base64;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier's Ed25519 check decides exactly as the protocol's own (JDK) verification, for good and for tampered requests. */
class SignatureCheckTest {
    private static final KeyPair DEVICE = DeviceKeys.generate();
    private static final KeyPair OTHER = DeviceKeys.generate();

    @Property(tries = 60)
    void agreesWithTheProtocolsVerification(@ForAll byte[] body, @ForAll @IntRange(min = 0, max = 2_000_000_000) int epochSeconds,
                                            @ForAll @IntRange(min = 0, max = 63) int flipByte, @ForAll @IntRange(min = 0, max = 7) int flipBit) {
        String canonical = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, epochSeconds, body);
        String signature = DeviceKeys.sign(DEVICE.getPrivate(), canonical);
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), canonical, signature)).isTrue();
        assertThat(DeviceKeys.verify(DEVICE.getPublic(), canonical, signature)).isTrue();

        byte[] tampered = Base64.getDecoder().decode(signature);
        tampered[flipByte] ^= (byte) (1 << flipBit);
        String bad = Base64.getEncoder().encodeToString(tampered);
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), canonical, bad)).isEqualTo(DeviceKeys.verify(DEVICE.getPublic(), canonical, bad)).isFalse();
        assertThat(SignatureCheck.verify(OTHER.getPublic(), canonical, signature)).isFalse();
        String otherRequest = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, epochSeconds + 1L, body);
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), otherRequest, signature)).isFalse();
    }

    @Test
    void malformedSignaturesAreRefusedNotThrown() {
        String canonical = AgentProtocol.canonicalRequest("POST", AgentProtocol.METRICS_PATH, 1, new byte[0]);
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), canonical, "not base64!")).isFalse();
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), canonical, Base64.getEncoder().encodeToString(new byte[63]))).isFalse();
        assertThat(SignatureCheck.verify(DEVICE.getPublic(), canonical, "")).isFalse();
    }
}
