package io.steward.server.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.identity.PasskeyDirectory.Passkey;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables user_passkey and passkey_challenge. Every query names the user or the credential id. */
@Repository
class PasskeyRepository {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;

    PasskeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored passkey with what only identity needs: the raw key and the counter. */
    record Row(Passkey passkey, byte[] publicKeyCose, long signCount) {
    }

    void insert(UserId user, WebAuthnCeremonies.Registered registered, String label, String transports, Instant now) {
        jdbc.sql("""
                INSERT INTO user_passkey (credential_id, user_id, public_key_cose, sign_count, label, aaguid, transports, backup_eligible, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(registered.credentialId(), user.value(), registered.publicKeyCose(), registered.signCount(), label,
                        registered.aaguid(), transports, registered.backupEligible(), Timestamp.from(now))
                .update();
    }

    List<Passkey> ofUser(UserId user) {
        return jdbc.sql("SELECT * FROM user_passkey WHERE user_id = ? ORDER BY created_at DESC, credential_id")
                .param(user.value()).query(PasskeyRepository::map).list().stream().map(Row::passkey).toList();
    }

    Optional<Row> find(String credentialId) {
        return jdbc.sql("SELECT * FROM user_passkey WHERE credential_id = ?").param(credentialId).query(PasskeyRepository::map).optional();
    }

    boolean rename(UserId user, String credentialId, String label) {
        return jdbc.sql("UPDATE user_passkey SET label = ? WHERE credential_id = ? AND user_id = ?")
                .params(label, credentialId, user.value()).update() == 1;
    }

    boolean delete(UserId user, String credentialId) {
        return jdbc.sql("DELETE FROM user_passkey WHERE credential_id = ? AND user_id = ?").params(credentialId, user.value()).update() == 1;
    }

    /**
     * Records a use, only if nobody recorded one since {@code seenCount} was read: of two concurrent uses of one
     * counter value, one wins.
     */
    boolean recordUse(String credentialId, long seenCount, long newCount, Instant now) {
        return jdbc.sql("UPDATE user_passkey SET sign_count = ?, last_used_at = ? WHERE credential_id = ? AND sign_count = ?")
                .params(newCount, Timestamp.from(now), credentialId, seenCount).update() == 1;
    }

    void insertChallenge(UserId user, String challenge, Instant expiresAt, Instant now) {
        jdbc.sql("DELETE FROM passkey_challenge WHERE expires_at <= ?").param(Timestamp.from(now)).update();
        // A person starting many registrations keeps only the latest few: the table cannot be filled through one account.
        jdbc.sql("""
                DELETE FROM passkey_challenge WHERE user_id = ? AND challenge NOT IN
                  (SELECT challenge FROM passkey_challenge WHERE user_id = ? ORDER BY expires_at DESC LIMIT 4)""")
                .params(user.value(), user.value()).update();
        jdbc.sql("INSERT INTO passkey_challenge (challenge, user_id, expires_at) VALUES (?, ?, ?)")
                .params(challenge, user.value(), Timestamp.from(expiresAt)).update();
    }

    /** Takes the challenge if it is this user's and still valid; it cannot be taken twice. */
    boolean consumeChallenge(UserId user, String challenge, Instant now) {
        return jdbc.sql("DELETE FROM passkey_challenge WHERE challenge = ? AND user_id = ? AND expires_at > ?")
                .params(challenge, user.value(), Timestamp.from(now)).update() == 1;
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        byte[] cose = rs.getBytes("public_key_cose");
        Timestamp used = rs.getTimestamp("last_used_at");
        Passkey passkey = new Passkey(new UserId(rs.getObject("user_id", UUID.class)), rs.getString("credential_id"),
                B64URL.encodeToString(cose), rs.getString("label"), rs.getTimestamp("created_at").toInstant(),
                used == null ? null : used.toInstant());
        return new Row(passkey, cose, rs.getLong("sign_count"));
    }
}
