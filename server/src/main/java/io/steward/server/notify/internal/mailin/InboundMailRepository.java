package io.steward.server.notify.internal.mailin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The inbound_mail table, and the Message-IDs of mail_outbox that threading looks up. */
@Repository
class InboundMailRepository {
    private static final String IN_SCOPE = "(client_id IS NULL AND ?) OR " + TenantScope.sqlCondition("client_id");
    private static final String COLUMNS = """
            id, mailbox_id, message_id, from_address, from_name, subject, received_at, size_bytes, outcome, reason, ticket_id, client_id,
            handled_by, handled_at""";

    private final JdbcClient jdbc;

    InboundMailRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new mail row being processed; false when the mailbox already holds this mail (same Message-ID, or same bytes). */
    boolean insert(UUID id, UUID mailbox, String messageId, String sha256, String fromAddress, String fromName, String subject, Instant receivedAt,
                   byte[] raw) {
        return jdbc.sql("""
                        INSERT INTO inbound_mail (id, mailbox_id, message_id, sha256, from_address, from_name, subject, received_at, size_bytes, raw,
                                                  outcome)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROCESSING') ON CONFLICT DO NOTHING""")
                .params(id, mailbox, messageId == null || messageId.length() > 998 || messageId.indexOf(0) >= 0 ? null : messageId, sha256,
                        cut(clean(fromAddress), 320), cut(clean(fromName), 200), cut(clean(subject), 998), Timestamp.from(receivedAt),
                        (long) raw.length, raw)
                .update() == 1;
    }

    /** PostgreSQL text holds no NUL, which a header can carry once decoded ({@code =?UTF-8?B?AA==?=}). */
    private static String clean(String text) {
        return text == null ? null : text.replace("\u0000", "");
    }

    void settle(UUID id, InboundOutcome outcome, String reason, UUID ticket, ClientId client) {
        jdbc.sql("UPDATE inbound_mail SET outcome = ?, reason = ?, ticket_id = ?, client_id = ? WHERE id = ?")
                .params(outcome.name(), cut(reason, 2000), ticket, client == null ? null : client.value(), id).update();
    }

    /** A person's decision on a mail still open; false when someone else decided first. */
    boolean handle(TenantScope scope, UUID id, InboundOutcome outcome, String reason, UUID ticket, ClientId client, String by, Instant at) {
        List<Object> p = new ArrayList<>(List.of(outcome.name(), cut(reason, 2000)));
        p.add(ticket);
        p.add(client == null ? null : client.value());
        p.add(cut(by, 200));
        p.add(Timestamp.from(at));
        p.add(id);
        p.addAll(scopeParams(scope));
        p.addAll(InboundOutcome.OPEN.stream().map(Enum::name).toList());
        return jdbc.sql("UPDATE inbound_mail SET outcome = ?, reason = ?, ticket_id = coalesce(?, ticket_id), client_id = coalesce(?, client_id),"
                + " handled_by = ?, handled_at = ? WHERE id = ? AND (" + IN_SCOPE + ") AND outcome IN (" + placeholders(InboundOutcome.OPEN.size()) + ")")
                .params(p).update() == 1;
    }

    /** Mails from this address received since {@code since}, this one not counted. */
    long countFrom(String address, Instant since, UUID except) {
        return jdbc.sql("SELECT count(*) FROM inbound_mail WHERE lower(from_address) = lower(?) AND received_at >= ? AND id <> ?")
                .params(address, Timestamp.from(since), except).query(Long.class).single();
    }

    /** Whether another mailbox already handled a mail with this Message-ID. */
    boolean handledElsewhere(String messageId, UUID mailbox) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM inbound_mail WHERE message_id = ? AND mailbox_id <> ? AND outcome NOT IN ('PROCESSING', 'FAILED'))")
                .params(messageId, mailbox).query(Boolean.class).single();
    }

    /** The ticket a Message-ID belongs to: mail Steward sent about it, or mail received for it. */
    Optional<UUID> ticketOfMessage(String messageId) {
        return jdbc.sql("""
                        SELECT ticket_id FROM mail_outbox WHERE message_id = ? AND ticket_id IS NOT NULL
                        UNION ALL SELECT ticket_id FROM inbound_mail WHERE message_id = ? AND ticket_id IS NOT NULL LIMIT 1""")
                .params(messageId, messageId).query(UUID.class).optional();
    }

    /** Whether Steward sent a mail with any of these Message-IDs (at most the first 50 are looked at). */
    /** The recipients (lower case) of the mails Steward sent under any of these Message-IDs. */
    Set<String> recipientsOf(List<String> messageIds) {
        List<String> ids = messageIds.stream().distinct().limit(50).toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT DISTINCT lower(recipient) FROM mail_outbox WHERE message_id IN (" + placeholders(ids.size()) + ")")
                .params(List.copyOf(ids)).query(String.class).list());
    }

    List<InboundMail> list(TenantScope scope, Collection<InboundOutcome> outcomes, int limit) {
        List<Object> p = new ArrayList<>(scopeParams(scope));
        p.addAll(outcomes.stream().map(Enum::name).toList());
        p.add(limit);
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbound_mail WHERE (" + IN_SCOPE + ") AND outcome IN (" + placeholders(outcomes.size()) + ") ORDER BY received_at DESC LIMIT ?")
                .params(p).query(InboundMailRepository::map).list();
    }

    Optional<InboundMail> find(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scopeParams(scope));
        p.add(id);
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbound_mail WHERE (" + IN_SCOPE + ") AND id = ?").params(p).query(InboundMailRepository::map)
                .optional();
    }

    Optional<byte[]> raw(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scopeParams(scope));
        p.add(id);
        return jdbc.sql("SELECT raw FROM inbound_mail WHERE (" + IN_SCOPE + ") AND id = ?").params(p).query(byte[].class).optional();
    }

    /** A mail of no known client is seen only by those who see every client. */
    private static List<Object> scopeParams(TenantScope scope) {
        List<Object> p = new ArrayList<>();
        p.add(scope.allClients());
        p.addAll(scope.sqlParams());
        return p;
    }

    private static InboundMail map(ResultSet rs, int row) throws SQLException {
        Timestamp handled = rs.getTimestamp("handled_at");
        return new InboundMail(rs.getObject("id", UUID.class), rs.getObject("mailbox_id", UUID.class), rs.getString("message_id"),
                rs.getString("from_address"), rs.getString("from_name"), rs.getString("subject"), rs.getTimestamp("received_at").toInstant(),
                rs.getLong("size_bytes"), InboundOutcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getObject("ticket_id", UUID.class),
                rs.getObject("client_id", UUID.class), rs.getString("handled_by"), handled == null ? null : handled.toInstant());
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() > max ? s.substring(0, max) : s;
    }
}
