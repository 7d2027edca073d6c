package io.steward.server.servicedesk.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The time_entry table. */
@Repository
public class TimeEntryRepository {
    private final JdbcClient jdbc;

    TimeEntryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TimeEntry e, ClientId client, UserId user) {
        jdbc.sql("""
                INSERT INTO time_entry (id, ticket_id, client_id, user_id, user_name, minutes, billable, work_type, note, worked_on, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.id(), e.ticketId(), client.value(), user.value(), e.userName(), e.minutes(), e.billable(),
                        e.workType().name(), e.note(), Date.valueOf(e.workedOn()), Timestamp.from(e.createdAt()))
                .update();
    }

    /** The ticket's entries by day; {@code withNotes} false blanks the notes (clients do not read them). */
    public List<TimeEntry> ofTicket(TicketId ticket, boolean withNotes) {
        return jdbc.sql("SELECT * FROM time_entry WHERE ticket_id = ? ORDER BY worked_on, created_at").param(ticket.value())
                .query((rs, n) -> new TimeEntry(rs.getObject("id", UUID.class), rs.getObject("ticket_id", UUID.class), rs.getString("user_name"),
                        rs.getInt("minutes"), rs.getBoolean("billable"), TimeEntry.WorkType.valueOf(rs.getString("work_type")),
                        withNotes ? rs.getString("note") : "", rs.getDate("worked_on").toLocalDate(),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
