package io.steward.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.DeviceKeys;
import org.junit.jupiter.api.Test;

class DeviceOrderTest {
    private static final KeyPair SIGNER = DeviceKeys.generate();

    private static DeviceOrder order(List<String> args) {
        return new DeviceOrder(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "ab".repeat(32), "cd".repeat(32), "bash", "",
                60, 65536, args, List.of("MODE=fast lane\nx"), List.of(), "0f".repeat(16), Instant.ofEpochSecond(1_000),
                Instant.ofEpochSecond(2_000), null);
    }

    @Test
    void aSignedOrderReadsBackExactlyAndItsValuesCannotSmuggleLines() {
        DeviceOrder order = order(List.of("a=b", "line\nstandardChange=x", "ünï %41"));
        DeviceOrder back = SignedOrder.of(order, SIGNER.getPrivate()).verify(SIGNER.getPublic());
        assertThat(back).isEqualTo(order);
        assertThat(back.arguments()).containsExactly("a=b", "line\nstandardChange=x", "ünï %41");
    }

    @Test
    void anotherKeyOrAChangedByteIsRefused() {
        SignedOrder signed = SignedOrder.of(order(List.of("x")), SIGNER.getPrivate());
        assertThatThrownBy(() -> signed.verify(DeviceKeys.generate().getPublic())).isInstanceOf(IllegalArgumentException.class);
        byte[] bytes = Base64.getDecoder().decode(signed.order());
        bytes[bytes.length - 2] ^= 1;
        SignedOrder tampered = new SignedOrder(Base64.getEncoder().encodeToString(bytes), signed.signature());
        assertThatThrownBy(() -> tampered.verify(SIGNER.getPublic())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaskDigestChangesWithAnyField() {
        UUID id = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        List<UUID> devices = List.of(UUID.fromString("00000000-0000-4000-8000-000000000001"), UUID.fromString("00000000-0000-4000-8000-000000000002"));
        TaskSpec a = new TaskSpec(id, client, user, "Disk cleanup", "ab".repeat(32), "bash", "", 60, 65536,
                List.of(new Parameter("DAYS", Parameter.Delivery.ARGUMENT, "7")), devices, "now", Instant.ofEpochSecond(0),
                Instant.ofEpochSecond(3600), 10, 2, null);
        TaskSpec b = new TaskSpec(id, client, user, "Disk cleanup", "ab".repeat(32), "bash", "", 60, 65536,
                List.of(new Parameter("DAYS", Parameter.Delivery.ARGUMENT, "8")), devices, "now", Instant.ofEpochSecond(0),
                Instant.ofEpochSecond(3600), 10, 2, null);
        assertThat(a.digest()).isNotEqualTo(b.digest());
        assertThat(a.challenge()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(a.digest()));
        assertThatThrownBy(() -> new TaskSpec(id, client, user, "x", "ab".repeat(32), "bash", "", 60, 65536, List.of(),
                List.of(devices.get(1), devices.get(0)), "now", Instant.ofEpochSecond(0), Instant.ofEpochSecond(1), 1, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRotationIsAcceptedOnlyFromThePinnedKey() {
        KeyPair next = DeviceKeys.generate();
        KeyRotation rotation = KeyRotation.issue(SIGNER.getPrivate(), SIGNER.getPublic(), next.getPublic(), Instant.ofEpochSecond(5));
        assertThat(rotation.verify(SIGNER.getPublic())).isEqualTo(DeviceKeys.encodePublic(next.getPublic()));
        assertThatThrownBy(() -> rotation.verify(next.getPublic())).isInstanceOf(IllegalArgumentException.class);
    }
}
