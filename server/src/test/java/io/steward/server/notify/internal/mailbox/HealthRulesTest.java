package io.steward.server.notify.internal.mailbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A mailbox's state from what was recorded, at fixed instants (New Year's Eve, late in the UTC day). */
class HealthRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-31T23:30:00Z");

    private static MailboxSettings box(MailboxSettings.Auth auth, LocalDate expires, boolean enabled) {
        return new MailboxSettings(UUID.randomUUID(), "Support", "help@msp.test", "imap.msp.test", 993, MailboxSettings.Security.TLS, false, auth,
                "help@msp.test", "sealed", "https://login.test/token", "app", null, "sealed", expires, "INBOX", null, false, "mx.msp.test", enabled, 0);
    }

    private static MailboxRepository.HealthRow connected() {
        return new MailboxRepository.HealthRow(NOW.minusSeconds(600), NOW.minusSeconds(600), null, null, null, true, null, null, null, null, null);
    }

    @Test
    void aConnectedBoxWithNothingWrongIsOk() {
        MailboxView.Health h = HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, true), connected(), NOW, 14);
        assertThat(h.state()).isEqualTo("OK");
        assertThat(h.problems()).isEmpty();
        assertThat(h.connected()).isTrue();
    }

    @Test
    void anErrorAfterTheLastConnectionIsFailingButAnOlderOneIsHistory() {
        var failing = new MailboxRepository.HealthRow(null, NOW.minusSeconds(600), "sign-in refused", NOW.minusSeconds(60), null, true, null, null,
                null, null, null);
        assertThat(HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, true), failing, NOW, 14).problems())
                .containsExactly("Not connected: sign-in refused");
        var recovered = new MailboxRepository.HealthRow(NOW.minusSeconds(30), NOW.minusSeconds(30), "sign-in refused", NOW.minusSeconds(60), null,
                true, null, null, null, null, null);
        MailboxView.Health h = HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, true), recovered, NOW, 14);
        assertThat(h.state()).isEqualTo("OK");
        assertThat(h.lastError()).isEqualTo("sign-in refused");
    }

    @Test
    void aSelfTestThatDidNotComeBackFails() {
        var h = new MailboxRepository.HealthRow(NOW.minusSeconds(600), NOW.minusSeconds(600), null, null, null, true, "t", NOW.minusSeconds(3600),
                null, NOW.minusSeconds(2700), null);
        assertThat(HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, true), h, NOW, 14).state()).isEqualTo("FAILING");
    }

    @Test
    void theOAuthExpiryWarnsWithinTheWarningDaysAndFailsOnceItPassed() {
        // 23:30 UTC on 31 December: the warning days count in UTC dates, as the admin entered the date.
        assertThat(HealthRules.health(box(MailboxSettings.Auth.XOAUTH2, LocalDate.of(2027, 1, 15), true), connected(), NOW, 14).state())
                .isEqualTo("OK");
        MailboxView.Health soon = HealthRules.health(box(MailboxSettings.Auth.XOAUTH2, LocalDate.of(2027, 1, 14), true), connected(), NOW, 14);
        assertThat(soon.state()).isEqualTo("WARNING");
        assertThat(soon.oauthExpiresSoon()).isTrue();
        assertThat(HealthRules.health(box(MailboxSettings.Auth.XOAUTH2, LocalDate.of(2026, 12, 31), true), connected(), NOW, 14).state())
                .isEqualTo("FAILING");
        assertThat(HealthRules.expiresSoon(box(MailboxSettings.Auth.PASSWORD, LocalDate.of(2027, 1, 1), true), NOW, 14))
                .as("a password box has no token to expire").isFalse();
    }

    @Test
    void aDisabledBoxIsDisabledWhateverElseIsTrueAndANewOneWaits() {
        var failing = new MailboxRepository.HealthRow(null, null, "refused", NOW, null, null, null, null, null, null, null);
        assertThat(HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, false), failing, NOW, 14).state()).isEqualTo("DISABLED");
        var fresh = new MailboxRepository.HealthRow(null, null, null, null, null, null, null, null, null, null, null);
        assertThat(HealthRules.health(box(MailboxSettings.Auth.PASSWORD, null, true), fresh, NOW, 14).problems()).containsExactly("Not connected yet.");
    }
}
