package io.steward.server.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.steward.server.identity.IdentityProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed sign-ins per account and per remote address in a fixed window and blocks a key
 * that exceeds its limit. Accounts are keyed by the email typed, whether or not it exists, so
 * the answer never tells an attacker which emails are real.
 */
@Component
public class LoginThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdentityProperties properties;

    public LoginThrottle(JdbcClient jdbc, Clock clock, IdentityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    public static String accountKey(String email) {
        return "account:" + UserRepository.normaliseEmail(email);
    }

    public static String addressKey(String remoteAddress) {
        return "address:" + remoteAddress;
    }

    public boolean isBlocked(String key) {
        Instant now = clock.instant();
        return jdbc.sql("SELECT blocked_until FROM login_throttle WHERE key = ?").param(key)
                .query(Timestamp.class).optional()
                .map(t -> t != null && t.toInstant().isAfter(now))
                .orElse(false);
    }

    /** Records a failure in its own transaction, so a rolled-back sign-in still counts. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String key, int limit) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(properties.failureWindow());
        jdbc.sql("""
                INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?)
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN login_throttle.window_start < ? THEN 1 ELSE login_throttle.failures + 1 END,
                  window_start = CASE WHEN login_throttle.window_start < ? THEN EXCLUDED.window_start ELSE login_throttle.window_start END""")
                .params(key, Timestamp.from(now), Timestamp.from(windowStart), Timestamp.from(windowStart))
                .update();
        jdbc.sql("UPDATE login_throttle SET blocked_until = ?, failures = 0, window_start = ? WHERE key = ? AND failures >= ?")
                .params(Timestamp.from(now.plus(properties.blockDuration())), Timestamp.from(now), key, limit)
                .update();
    }

    public void recordAccountFailure(String email) {
        recordFailure(accountKey(email), properties.accountMaxFailures());
    }

    public void recordAddressFailure(String address) {
        recordFailure(addressKey(address), properties.addressMaxFailures());
    }

    public void reset(String key) {
        jdbc.sql("DELETE FROM login_throttle WHERE key = ?").param(key).update();
    }
}
