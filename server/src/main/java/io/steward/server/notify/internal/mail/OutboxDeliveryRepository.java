package io.steward.server.notify.internal.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery side of mail_outbox: claims under a lease and the outcome of each attempt. Every statement commits on
 * its own (no surrounding transaction), so an outcome is durable as soon as it is known, and every mark checks the
 * claim token, so a node whose lease ran out cannot overwrite what the node that retook the row did.
 */
@Repository
class OutboxDeliveryRepository {
    private static final String COLUMNS = "o.id, o.claim, o.client_id, o.kind, o.recipient, o.recipient_name, o.subject, o.text_body, o.html_body, o.message_id, "
            + "o.in_reply_to, o.reference_ids, o.automatic, o.attempts";
    private final JdbcClient jdbc;

    OutboxDeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} due rows (queued ones whose time has come, and sending ones whose lease ran out) for
     * {@code claim} until {@code leaseUntil}; each claim counts as an attempt, so a mail whose sending kills its node
     * every time still ends. {@code only}, when not null, limits the claim to these rows.
     */
    List<OutboxRow> claim(UUID claim, Instant now, Instant leaseUntil, int limit, Collection<UUID> only) {
        String filter = only == null ? "" : " AND id = ANY(:only)";
        var spec = jdbc.sql("""
                        UPDATE mail_outbox o SET status = 'SENDING', claim = :claim, next_attempt_at = :lease, attempts = o.attempts + 1
                        FROM (SELECT id FROM mail_outbox WHERE status IN ('QUEUED', 'SENDING') AND next_attempt_at <= :now%s
                              ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                        WHERE o.id = due.id
                        RETURNING %s""".formatted(filter, COLUMNS))
                .param("claim", claim).param("lease", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("limit", limit);
        if (only != null) {
            spec = spec.param("only", only.toArray(UUID[]::new));
        }
        return spec.query((rs, n) -> row(rs)).list();
    }

    /** Rows of this claim it will not send after all: queued again at once, the claim not counted as an attempt. */
    void release(Collection<UUID> ids, UUID claim, Instant now) {
        jdbc.sql("""
                        UPDATE mail_outbox SET status = 'QUEUED', next_attempt_at = :now, attempts = attempts - 1, claim = NULL
                        WHERE id = ANY(:ids) AND claim = :claim AND status = 'SENDING'""")
                .param("ids", ids.toArray(UUID[]::new)).param("claim", claim).param("now", Timestamp.from(now)).update();
    }

    void sent(UUID id, UUID claim, Instant at) {
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = ?, last_error = NULL, claim = NULL WHERE id = ? AND claim = ?")
                .params(Timestamp.from(at), id, claim).update();
    }

    /** A temporary failure: queued again for {@code next}. */
    void retry(UUID id, UUID claim, Instant next, String error) {
        jdbc.sql("UPDATE mail_outbox SET status = 'QUEUED', next_attempt_at = ?, last_error = ?, claim = NULL WHERE id = ? AND claim = ?")
                .params(Timestamp.from(next), clip(error), id, claim).update();
    }

    /** A final outcome other than sent: FAILED, BOUNCED or SUPPRESSED. */
    void end(UUID id, UUID claim, String status, String error) {
        jdbc.sql("UPDATE mail_outbox SET status = ?, last_error = ?, claim = NULL WHERE id = ? AND claim = ?")
                .params(status, clip(error), id, claim).update();
    }

    static String clip(String error) {
        String e = error == null ? "" : error.strip();
        return e.length() > 2000 ? e.substring(0, 1999) + "…" : e;
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        String refs = rs.getString("reference_ids");
        UUID client = rs.getObject("client_id", UUID.class);
        return new OutboxRow(rs.getObject("id", UUID.class), rs.getObject("claim", UUID.class), client == null ? null : new ClientId(client),
                rs.getString("kind"), rs.getString("recipient"),
                rs.getString("recipient_name"), rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"),
                rs.getString("message_id"), rs.getString("in_reply_to"), refs.isBlank() ? List.of() : Arrays.asList(refs.strip().split("\\s+")),
                rs.getBoolean("automatic"), rs.getInt("attempts"));
    }
}
