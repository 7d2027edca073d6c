package io.steward.server.servicedesk.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.Attachment;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The attachment table: what was uploaded (the bytes are files, kept by the facade). */
@Repository
public class AttachmentRepository {
    private final JdbcClient jdbc;

    AttachmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Attachment a, ClientId client, boolean staff) {
        jdbc.sql("""
                INSERT INTO attachment (id, ticket_id, client_id, file_name, size_bytes, sha256, uploaded_by, staff, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.ticketId(), client.value(), a.fileName(), a.sizeBytes(), a.sha256(), a.uploadedBy(), staff,
                        Timestamp.from(a.createdAt()))
                .update();
    }

    public List<Attachment> ofTicket(TicketId ticket) {
        return jdbc.sql("SELECT * FROM attachment WHERE ticket_id = ? ORDER BY created_at").param(ticket.value())
                .query((rs, n) -> new Attachment(rs.getObject("id", UUID.class), rs.getObject("ticket_id", UUID.class), rs.getString("file_name"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
