package io.steward.server.notify.internal.mailbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out a mailbox's state from what was recorded, at a given instant. Plain rules: no clock of its own.
 *
 * <p>FAILING when the last attempt to connect ended in an error and no connection is open, when a self-test did not
 * come back by its deadline, or when the OAuth refresh token's expiry date has passed; WARNING when that date is within
 * the warning days or the box never connected yet; else OK.
 */
final class HealthRules {
    private HealthRules() {
    }

    static MailboxView.Health health(MailboxSettings m, MailboxRepository.HealthRow h, Instant now, int warnDays) {
        boolean connected = h.connectedSince() != null;
        List<String> failing = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!connected && h.lastError() != null && (h.lastConnectedAt() == null || !h.lastErrorAt().isBefore(h.lastConnectedAt()))) {
            failing.add("Not connected: " + h.lastError());
        }
        if (h.selfTestFailedAt() != null) {
            failing.add("The self-test message sent at " + h.selfTestSentAt() + " did not come back.");
        }
        boolean expiresSoon = expiresSoon(m, now, warnDays);
        if (m.auth() == MailboxSettings.Auth.XOAUTH2 && m.refreshExpiresOn() != null) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (!m.refreshExpiresOn().isAfter(today)) {
                failing.add("The OAuth refresh token expired on " + m.refreshExpiresOn() + ": enter a new one.");
            } else if (expiresSoon) {
                warnings.add("The OAuth refresh token expires on " + m.refreshExpiresOn() + ": enter a new one before then.");
            }
        }
        if (!connected && h.lastConnectedAt() == null && h.lastError() == null && m.enabled()) {
            warnings.add("Not connected yet.");
        }
        List<String> problems = new ArrayList<>(failing);
        problems.addAll(warnings);
        String state = !m.enabled() ? "DISABLED" : !failing.isEmpty() ? "FAILING" : !warnings.isEmpty() ? "WARNING" : "OK";
        return new MailboxView.Health(state, List.copyOf(problems), connected, h.connectedSince(), h.lastConnectedAt(), h.lastError(),
                h.lastErrorAt(), h.lastMailAt(), h.idleSupported(), h.selfTestSentAt(), h.selfTestReceivedAt(), h.selfTestFailedAt(), expiresSoon);
    }

    /** Whether the refresh token expires within {@code warnDays} of {@code now} (UTC days, as the admin entered a date). */
    static boolean expiresSoon(MailboxSettings m, Instant now, int warnDays) {
        if (m.auth() != MailboxSettings.Auth.XOAUTH2 || m.refreshExpiresOn() == null) {
            return false;
        }
        return !LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(warnDays).isBefore(m.refreshExpiresOn());
    }
}
