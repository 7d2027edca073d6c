package io.steward.server.servicedesk.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketView;
import io.steward.server.servicedesk.TicketFilter;
import io.steward.server.servicedesk.TicketSla;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for tickets and their history, scoped by client. Lists join the client and assignee names
 * so a queue is one query.
 */
@Repository
public class TicketRepository {
    /**
     * The columns a list sorts by: every column the queue shows, by the name the page and API use, plus the older names
     * (slaDue, openedAt, updatedAt) that clients of the API already send. Status sorts in lifecycle order. Client and assignee sort by name through a
     * scalar subquery, because the page is chosen from the ticket table before the names are joined.
     */
    public static final Map<String, String> SORTABLE = Map.ofEntries(
            Map.entry("slaDue", "t.sla_resolution_due ASC NULLS LAST, t.priority"), Map.entry("number", "t.number"),
            Map.entry("openedAt", "t.opened_at"), Map.entry("priority", "t.priority"), Map.entry("updatedAt", "t.updated_at"),
            Map.entry("status", "array_position(ARRAY['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CLIENT', 'RESOLVED', 'CLOSED'], t.status)"),
            Map.entry("title", "lower(t.title)"),
            Map.entry("client", "(SELECT lower(c.name) FROM client c WHERE c.id = t.client_id)"),
            Map.entry("assignee", "(SELECT lower(u.display_name) FROM app_user u WHERE u.id = t.assignee_id)"),
            Map.entry("opened", "t.opened_at"), Map.entry("updated", "t.updated_at"), Map.entry("due", "t.sla_resolution_due"),
            Map.entry("nearestDue", "least(t.sla_response_due, t.sla_resolution_due) ASC NULLS LAST, t.number"));
    /** The sort of the SLA board: the running clock (response or resolution) that breaches first; none running last. */
    public static final String NEAREST_DUE = "nearestDue";

    /**
     * The order a list takes when none is asked for: the queue by SLA due, a search newest first. Search results span
     * every status; by due they would start with tickets closed two years ago and, for a common word, sort all its
     * matches (2.1 s for 80,000 of 1,000,000 tickets), where newest first walks the number index and stops at the page (4 ms).
     */
    public static String defaultSort(String q) {
        return q == null || q.isBlank() ? "slaDue" : "number,desc";
    }

    /** How far past the requested page a list is counted before its total becomes a lower bound. */
    public static final int COUNT_BEYOND_PAGE = 1000;
    private static final String IN_SCOPE = TenantScope.sqlCondition("t.client_id");
    private static final String SELECT = """
            SELECT t.*, c.name AS client_name, u.display_name AS assignee_name
            FROM ticket t JOIN client c ON c.id = t.client_id LEFT JOIN app_user u ON u.id = t.assignee_id
            """;

    private final JdbcClient jdbc;

    public TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }


    private static final String INSERT_TICKET = """
            INSERT INTO ticket (id, client_id, site_id, requester_id, type, title, description, category, impact, urgency, priority,
                priority_reason, status, tier, assignee_id, source, opened_at, created_at, updated_at,
                sla_response_due, sla_resolution_due, sla_warn_at, sla_state, sla_breached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** One more row of {@link #INSERT_TICKET}'s values, for a multi-row insert. */
    private static final String TICKET_VALUES = INSERT_TICKET.substring(INSERT_TICKET.lastIndexOf("VALUES ") + "VALUES ".length());

    /** Inserts the ticket with its SLA projection as given, without history; returns the ticket number. */
    public long insert(Ticket t, Instant now) {
        return jdbc.sql(INSERT_TICKET + " RETURNING number").params(ticketColumns(t, now)).query(Long.class).single();
    }

    /** A new ticket, with its SLA projection as given, and what its CREATED history entry records. */
    public record NewTicket(Ticket ticket, Instant now, UserId actorId, String actor, boolean staff, String reason) {
    }

    /** {@link #insertCreated(List)} for one ticket; returns its number. */
    public long insertCreated(NewTicket ticket) {
        return insertCreated(List.of(ticket)).get(ticket.ticket().id().value());
    }

    /**
     * Inserts new tickets, each with its CREATED history entry (the priority it starts with, and why if it differs
     * from the matrix), in one statement: creating tickets is the service desk's hottest write, and PostgreSQL's
     * per-statement cost (executor start-up over the ticket's indexes, policies and foreign keys) was most of a
     * single-row insert. Returns each ticket's number by id.
     */
    public Map<UUID, Long> insertCreated(List<NewTicket> rows) {
        StringBuilder sql = new StringBuilder(INSERT_TICKET);
        StringBuilder events = new StringBuilder();
        List<Object> p = new ArrayList<>(rows.size() * 31);
        List<Object> eventParams = new ArrayList<>(rows.size() * 7);
        for (int i = 0; i < rows.size(); i++) {
            NewTicket r = rows.get(i);
            p.addAll(ticketColumns(r.ticket(), r.now()));
            if (i > 0) {
                sql.append(", ").append(TICKET_VALUES);
                events.append(", ");
            }
            events.append("(CAST(? AS uuid), CAST(? AS timestamptz), CAST(? AS uuid), CAST(? AS text), CAST(? AS boolean), CAST(? AS text),"
                    + " CAST(? AS text))");
            eventParams.addAll(Arrays.asList(r.ticket().id().value(), Timestamp.from(r.now()), r.actorId() == null ? null : r.actorId().value(),
                    r.actor(), r.staff(), r.ticket().priority().name(), r.reason()));
        }
        p.addAll(eventParams);
        Map<UUID, Long> numbers = new java.util.HashMap<>();
        jdbc.sql("WITH created AS (" + sql + """
                 RETURNING id, client_id, number),
                input (id, at, actor_id, actor, staff, new_value, body) AS (VALUES\s""" + events + """
                ),
                history AS (INSERT INTO ticket_event (ticket_id, client_id, at, actor_id, actor, staff, kind, field, old_value, new_value, body)
                    SELECT c.id, c.client_id, i.at, i.actor_id, i.actor, i.staff, 'CREATED', 'priority', NULL, i.new_value, i.body
                    FROM created c JOIN input i ON i.id = c.id)
                SELECT id, number FROM created""").params(p)
                .query((rs, n) -> numbers.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        return numbers;
    }

    private static List<Object> ticketColumns(Ticket t, Instant now) {
        return new ArrayList<>(Arrays.asList(t.id().value(), t.clientId().value(), uuid(t.siteId()), uuid(t.requesterId()), t.type().name(),
                t.title(), t.description(), t.category(), t.impact().rank(), t.urgency().rank(), t.priority().level(), t.priorityReason(),
                t.status().name(), t.tier(), t.assigneeId() == null ? null : t.assigneeId().value(), t.source().name(),
                Timestamp.from(t.openedAt()), Timestamp.from(now), Timestamp.from(now), ts(t.sla().responseDue()),
                ts(t.sla().resolutionDue()), ts(t.sla().warnAt()), t.sla().state(), ts(t.sla().breachedAt())));
    }

    /** Writes every mutable field if the version is still {@code expectedVersion}. */
    public boolean update(TenantScope scope, Ticket t, int expectedVersion, Instant now) {
        List<Object> p = new ArrayList<>(List.of(t.title(), t.description(), t.category(), t.impact().rank(), t.urgency().rank(),
                t.priority().level()));
        p.add(t.priorityReason());
        p.add(t.status().name());
        p.add(t.tier());
        p.add(t.assigneeId() == null ? null : t.assigneeId().value());
        p.add(uuid(t.siteId()));
        p.add(uuid(t.requesterId()));
        p.add(ts(t.firstResponseAt()));
        p.add(ts(t.resolvedAt()));
        p.add(ts(t.closedAt()));
        p.add(Timestamp.from(now));
        p.addAll(scope.sqlParams());
        p.add(t.id().value());
        p.add(expectedVersion);
        return jdbc.sql("""
                UPDATE ticket t SET title = ?, description = ?, category = ?, impact = ?, urgency = ?, priority = ?, priority_reason = ?,
                    status = ?, tier = ?, assignee_id = ?, site_id = ?, requester_id = ?, first_response_at = ?, resolved_at = ?, closed_at = ?,
                    updated_at = ?, version = version + 1
                WHERE """ + IN_SCOPE + " AND t.id = ? AND t.version = ?").params(p).update() == 1;
    }

    public void saveSla(TicketId id, TicketSla sla) {
        jdbc.sql("""
                UPDATE ticket SET sla_response_due = ?, sla_resolution_due = ?, sla_warn_at = ?, sla_state = ?, sla_breached_at = ?
                WHERE id = ?""")
                .params(ts(sla.responseDue()), ts(sla.resolutionDue()), ts(sla.warnAt()), sla.state(), ts(sla.breachedAt()), id.value())
                .update();
    }

    public Optional<TicketView> find(TenantScope scope, TicketId id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id.value());
        return jdbc.sql(SELECT + " WHERE " + IN_SCOPE + " AND t.id = ?").params(p).query(TicketRepository::map).optional();
    }

    /**
     * A page of tickets in scope matching the filter. A search ({@link TicketFilter#text()}) finds tickets as
     * {@link TicketSearch} says, internal notes only when {@code staff}; a ticket whose number the search names comes first.
     */
    public Page<TicketView> list(TenantScope scope, boolean staff, boolean hideAlerts, TicketFilter f, PageQuery page, Instant now) {
        StringBuilder where = new StringBuilder(IN_SCOPE);
        List<Object> p = new ArrayList<>(scope.sqlParams());
        if (hideAlerts) {
            where.append(" AND t.source <> 'ALERT'");
        }
        TicketSearch search = TicketSearch.of(f.text(), staff);
        if (search != null) {
            where.append(" AND ").append(search.condition());
            p.addAll(search.params());
        }
        if (f.clientId() != null) {
            where.append(" AND t.client_id = ?");
            p.add(f.clientId());
        } else if (!scope.allClients()) {
            // The scope's own condition is an OR with the all-clients flag, which no index can answer; said once more
            // without it, the planner reads the scope's clients' tickets by the client index instead of walking every
            // open ticket of every client in queue order (a portal list: ~100 ms with 1,000,000 tickets).
            where.append(" AND t.client_id = ANY(CAST(? AS uuid[]))");
            p.add(scope.clientIdsSetting());
        }
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            // One parameter per status, not a text cast to text[]: the planner then sees constants and can prove that the
            // open-ticket filter matches the partial index of the queue (a cast array stays an expression it cannot prove).
            List<String> names = f.statuses().stream().map(Enum::name).sorted().toList();
            where.append(" AND t.status IN (").append(String.join(", ", java.util.Collections.nCopies(names.size(), "?"))).append(")");
            p.addAll(names);
        }
        if (f.priority() != null) {
            where.append(" AND t.priority = ?");
            p.add(f.priority().level());
        }
        if (f.tier() != null) {
            where.append(" AND t.tier = ?");
            p.add(f.tier());
        }
        if (f.unassigned()) {
            where.append(" AND t.assignee_id IS NULL");
        } else if (f.assignee() != null) {
            where.append(" AND t.assignee_id = ?");
            p.add(f.assignee());
        }
        if (f.openedFrom() != null) {
            where.append(" AND t.opened_at >= ?");
            p.add(Timestamp.from(f.openedFrom()));
        }
        if (f.openedTo() != null) {
            where.append(" AND t.opened_at < ?");
            p.add(Timestamp.from(f.openedTo()));
        }
        if (f.breachedFrom() != null) {
            where.append(" AND t.sla_breached_at >= ?");
            p.add(Timestamp.from(f.breachedFrom()));
        }
        if (f.slaStanding() != null) {
            Timestamp n = Timestamp.from(now);
            switch (f.slaStanding()) {
                case "BREACHED" -> {
                    where.append(" AND (t.sla_breached_at IS NOT NULL OR t.sla_state = 'BREACHED' OR (t.sla_state = 'RUNNING' AND"
                            + " (t.sla_resolution_due <= ? OR t.sla_response_due <= ?)))");
                    p.add(n);
                    p.add(n);
                }
                case "AT_RISK" -> {
                    where.append(" AND t.sla_state = 'RUNNING' AND t.sla_breached_at IS NULL AND t.sla_warn_at <= ?"
                            + " AND t.sla_resolution_due > ? AND (t.sla_response_due IS NULL OR t.sla_response_due > ?)");
                    p.add(n);
                    p.add(n);
                    p.add(n);
                }
                case "ON_TRACK" -> {
                    // A running clock without a warning instant is on track until a due instant passes (TicketSla.standing).
                    where.append(" AND t.sla_state = 'RUNNING' AND t.sla_breached_at IS NULL AND (t.sla_warn_at IS NULL OR t.sla_warn_at > ?)"
                            + " AND (t.sla_resolution_due IS NULL OR t.sla_resolution_due > ?) AND (t.sla_response_due IS NULL OR t.sla_response_due > ?)");
                    p.add(n);
                    p.add(n);
                    p.add(n);
                }
                case "PAUSED" -> where.append(" AND t.sla_state = 'PAUSED' AND t.sla_breached_at IS NULL");
                case "NONE" -> where.append(" AND t.sla_state IN ('NONE', 'MET') AND t.sla_breached_at IS NULL");
                default -> throw new io.steward.server.shared.InvalidInputException("sla", "sla must be BREACHED, AT_RISK, ON_TRACK, PAUSED or NONE");
            }
        }
        // An exact count of a large queue reads every matching row (150,000 open tickets of 1,000,000: ~75 ms on two cores,
        // more than the whole page should take), so the count stops COUNT_BEYOND_PAGE rows past the page; the total is
        // exact below that and a lower bound above it, which still tells whether there is a next page.
        long countLimit = page.offset() + page.size() + COUNT_BEYOND_PAGE;
        List<Object> c = new ArrayList<>(p);
        c.add(countLimit);
        // Counted in the queue's order where an index holds it (the open-queue index for open tickets, the client's
        // index for one client): without an order the planner expects the matches spread evenly over the table and
        // scans it from the start, but open tickets are the newest rows, at its end (20-60 ms instead of 2-18 ms).
        boolean queueOrderIndexed = f.clientId() != null
                || (scope.allClients() && f.statuses() != null && !f.statuses().isEmpty() && f.statuses().stream().allMatch(TicketStatus::open));
        String countOrder = queueOrderIndexed ? " ORDER BY t.sla_resolution_due, t.priority, t.number" : "";
        long counted = jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM ticket t WHERE " + where + countOrder + " LIMIT ?) counted").params(c)
                .query(Long.class).single();
        // The number is a parsed long, so writing it into the ORDER BY is no injection.
        String orderBy = (search != null && search.number().isPresent() ? "(t.number = " + search.number().getAsLong() + ") DESC, " : "")
                + page.orderBy() + ", t.number";
        List<Object> q = new ArrayList<>(p);
        q.add(page.size());
        q.add(page.offset());
        // The page is chosen from the ticket table alone (a subquery with LIMIT is planned on its own) and only its rows
        // are joined to client and assignee: with the joins inside, the row-level security filters on three tables made
        // the planner expect a handful of rows and join every open ticket before sorting (~1 s with 1,000,000 tickets).
        List<TicketView> items = jdbc.sql("SELECT t.*, c.name AS client_name, u.display_name AS assignee_name FROM (SELECT * FROM ticket t WHERE "
                        + where + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?) t"
                        + " JOIN client c ON c.id = t.client_id LEFT JOIN app_user u ON u.id = t.assignee_id"
                        + " ORDER BY " + orderBy)
                .params(q).query(TicketRepository::map).list();
        return new Page<>(items, page.page(), page.size(), counted, counted < countLimit);
    }

    public void addEvent(Ticket t, Instant at, UserId actorId, String actor, boolean staff, HistoryEntry.Kind kind, String field,
                         String oldValue, String newValue, String body) {
        jdbc.sql("""
                INSERT INTO ticket_event (ticket_id, client_id, at, actor_id, actor, staff, kind, field, old_value, new_value, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id().value(), t.clientId().value(), Timestamp.from(at), actorId == null ? null : actorId.value(), actor, staff,
                        kind.name(), field, oldValue, newValue, body)
                .update();
    }

    public List<HistoryEntry> history(TenantScope scope, TicketId id, boolean includeInternal) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id.value());
        String internal = includeInternal ? "" : " AND kind <> 'INTERNAL_NOTE'";
        return jdbc.sql("SELECT * FROM ticket_event t WHERE " + IN_SCOPE + " AND ticket_id = ?" + internal + " ORDER BY id")
                .params(p)
                .query((rs, n) -> new HistoryEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getBoolean("staff"), HistoryEntry.Kind.valueOf(rs.getString("kind")), rs.getString("field"),
                        rs.getString("old_value"), rs.getString("new_value"), rs.getString("body")))
                .list();
    }

    /** Whether a user may be assigned tickets of this client: enabled staff whose scope covers it. */
    public Optional<String> assignableStaffName(UUID userId, ClientId client) {
        return assignableStaff(client).stream().filter(e -> e.getKey().equals(userId)).map(Map.Entry::getValue).findFirst();
    }

    public String clientName(ClientId client) {
        return jdbc.sql("SELECT name FROM client WHERE id = ?").param(client.value()).query(String.class).single();
    }

    public java.time.ZoneId clientZone(ClientId client) {
        return java.time.ZoneId.of(jdbc.sql("SELECT time_zone FROM client WHERE id = ?").param(client.value()).query(String.class).single());
    }

    /** Enabled staff who serve the client, for the assignee picker: id and name. */
    public List<Map.Entry<UUID, String>> assignableStaff(ClientId client) {
        return jdbc.sql("""
                SELECT id, display_name FROM app_user u WHERE u.enabled AND u.role <> 'CLIENT_USER'
                  AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = ?))
                ORDER BY lower(display_name)""")
                .param(client.value()).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }

    /** Keeps how the ticket was resolved; written in the transaction that resolves it. */
    public void resolutionNote(TicketId id, String note) {
        jdbc.sql("UPDATE ticket SET resolution_note = ? WHERE id = ?").params(note, id.value()).update();
    }

    public boolean siteOf(UUID site, ClientId client) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM site WHERE id = ? AND client_id = ?)").params(site, client.value())
                .query(Boolean.class).single();
    }

    public boolean contactOf(UUID contact, ClientId client) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM contact WHERE id = ? AND client_id = ?)").params(contact, client.value())
                .query(Boolean.class).single();
    }

    static TicketView map(ResultSet rs, int n) throws SQLException {
        UUID site = rs.getObject("site_id", UUID.class);
        UUID requester = rs.getObject("requester_id", UUID.class);
        UUID assignee = rs.getObject("assignee_id", UUID.class);
        TicketSla sla = new TicketSla(instant(rs, "sla_response_due"), instant(rs, "sla_resolution_due"), instant(rs, "sla_warn_at"),
                rs.getString("sla_state"), instant(rs, "sla_breached_at"));
        return new TicketView(new TicketId(rs.getObject("id", UUID.class)), rs.getLong("number"), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("client_name"), site == null ? null : new SiteId(site), requester == null ? null : new ContactId(requester),
                TicketType.valueOf(rs.getString("type")), rs.getString("title"), rs.getString("description"), rs.getString("category"),
                Level.ofRank(rs.getInt("impact")), Level.ofRank(rs.getInt("urgency")), Priority.ofLevel(rs.getInt("priority")),
                rs.getString("priority_reason"), TicketStatus.valueOf(rs.getString("status")), rs.getInt("tier"),
                assignee == null ? null : new UserId(assignee), rs.getString("assignee_name"), TicketSource.valueOf(rs.getString("source")),
                instant(rs, "opened_at"), instant(rs, "first_response_at"), instant(rs, "resolved_at"), instant(rs, "closed_at"), sla,
                instant(rs, "updated_at"), rs.getInt("version"), rs.getString("resolution_note"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static UUID uuid(Object typedId) {
        return switch (typedId) {
            case null -> null;
            case SiteId s -> s.value();
            case ContactId c -> c.value();
            default -> throw new IllegalArgumentException(typedId.toString());
        };
    }
}
