package io.steward.server.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.steward.server.identity.IdentityProperties;
import io.steward.server.support.TotpCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {
    static final IdentityProperties PROPS = new IdentityProperties(5, 30, Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofDays(365), "Steward", "",
            new IdentityProperties.Webauthn("localhost", "Steward", java.util.List.of("http://localhost:*")));
    static final Instant T = Instant.parse("2026-11-23T10:00:10Z");

    @Test
    void acceptsTheCurrentStepAndOneEitherSideOnly() {
        Totp totp = new Totp(Clock.fixed(T, ZoneOffset.UTC), PROPS);
        String secret = totp.newSecret();
        long step = T.getEpochSecond() / 30;
        assertThat(totp.matchingStep(secret, TotpCodes.forStep(secret, step))).isEqualTo(step);
        assertThat(totp.matchingStep(secret, TotpCodes.forStep(secret, step - 1))).isEqualTo(step - 1);
        assertThat(totp.matchingStep(secret, TotpCodes.forStep(secret, step + 1))).isEqualTo(step + 1);
        assertThat(totp.matchingStep(secret, TotpCodes.forStep(secret, step + 2))).isEqualTo(-1);
        assertThat(totp.matchingStep(secret, TotpCodes.forStep(secret, step - 2))).isEqualTo(-1);
    }

    @Test
    void refusesAnythingThatIsNotSixDigits() {
        Totp totp = new Totp(Clock.fixed(T, ZoneOffset.UTC), PROPS);
        String secret = totp.newSecret();
        assertThat(totp.matchingStep(secret, "")).isEqualTo(-1);
        assertThat(totp.matchingStep(secret, "12345")).isEqualTo(-1);
        assertThat(totp.matchingStep(secret, "abcdef")).isEqualTo(-1);
        assertThat(totp.matchingStep(null, "123456")).isEqualTo(-1);
        assertThat(totp.otpauthUri("a@b.c", secret)).startsWith("otpauth://totp/").contains("issuer=Steward");
        assertThat(totp.qrDataUri("a@b.c", secret)).startsWith("data:image/png;base64,");
    }

    @Test
    void secretsAreUnguessableAndWellFormed() {
        assertThat(Secrets.apiToken()).matches("stw_[A-Za-z0-9_-]{43}").isNotEqualTo(Secrets.apiToken());
        assertThat(Secrets.recoveryCode()).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
        assertThat(Secrets.oneTimePassword()).hasSize(20);
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
