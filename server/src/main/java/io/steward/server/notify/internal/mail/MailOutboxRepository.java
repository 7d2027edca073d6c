package io.steward.server.notify.internal.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail_outbox table. */
@Repository
public class MailOutboxRepository {
    private final JdbcClient jdbc;

    MailOutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, OutgoingMail m, String messageId, Instant now) {
        jdbc.sql("""
                        INSERT INTO mail_outbox (id, client_id, ticket_id, kind, recipient, recipient_name, subject, text_body, html_body,
                                                 message_id, in_reply_to, reference_ids, automatic, next_attempt_at, created_at)
                        VALUES (:id, :client, :ticket, :kind, :to, :toName, :subject, :text, :html, :messageId, :inReplyTo, :refs, :automatic,
                                :now, :now)""")
                .param("id", id).param("client", m.client() == null ? null : m.client().value()).param("ticket", m.ticket())
                .param("kind", m.kind()).param("to", m.to()).param("toName", m.toName()).param("subject", m.subject())
                .param("text", m.text()).param("html", m.html()).param("messageId", messageId).param("inReplyTo", m.inReplyTo())
                .param("refs", String.join(" ", m.references())).param("automatic", m.automatic()).param("now", Timestamp.from(now))
                .update();
    }
}
