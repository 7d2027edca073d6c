package io.steward.server.servicedesk;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.SlaProjection;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.servicedesk.sla.ClockStatus;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Service-desk figures per client and calendar month (in the client's zone), per priority: tickets
 * opened and resolved, mean time to acknowledge (first response) and to resolve, in wall time and
 * in covered business time (pauses excluded), and SLA met or breached. The monthly report builds
 * on these. Business times come from replaying each ticket's SLA clocks.
 */
@Service
public class ServiceDeskMetrics {
    private final JdbcClient jdbc;
    private final TicketRepository tickets;
    private final SlaProjection sla;
    private final ClientService clients;

    public ServiceDeskMetrics(JdbcClient jdbc, TicketRepository tickets, SlaProjection sla, ClientService clients) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.sla = sla;
        this.clients = clients;
    }

    /** One priority's figures; means are in minutes, null when there was nothing to average. */
    public record PriorityFigures(Priority priority, int opened, int resolved, Double mttaWallMinutes, Double mttaBusinessMinutes,
                                  Double mttrWallMinutes, Double mttrBusinessMinutes, int slaMet, int slaBreached) {
    }

    /** A client's month. */
    public record Month(ClientId clientId, String clientName, YearMonth month, String zone, List<PriorityFigures> priorities) {
    }

    @Transactional(readOnly = true)
    public Month month(Viewer viewer, ClientId clientId, YearMonth month) {
        Client client = clients.get(viewer, clientId);
        ZoneId zone = ZoneId.of(client.timeZone());
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Map<Priority, Acc> acc = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            acc.put(p, new Acc());
        }
        jdbc.sql("SELECT priority, count(*) FROM ticket WHERE client_id = ? AND opened_at >= ? AND opened_at < ? GROUP BY priority")
                .params(clientId.value(), Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    acc.get(Priority.ofLevel(rs.getInt(1))).opened = rs.getInt(2);
                });
        List<UUID> resolved = jdbc.sql("SELECT id FROM ticket WHERE client_id = ? AND resolved_at >= ? AND resolved_at < ?")
                .params(clientId.value(), Timestamp.from(from), Timestamp.from(to)).query(UUID.class).list();
        for (UUID raw : resolved) {
            Ticket t = tickets.find(viewer.scope(), new TicketId(raw)).orElseThrow();
            Acc a = acc.get(t.priority());
            a.resolved++;
            a.mttrWall.add(minutes(t.openedAt(), t.resolvedAt()));
            if (t.firstResponseAt() != null) {
                a.mttaWall.add(minutes(t.openedAt(), t.firstResponseAt()));
            }
            Optional<SlaStatus> s = sla.evaluate(viewer.scope(), t, zone, tickets.history(viewer.scope(), t.id(), true), t.resolvedAt());
            if (s.isPresent()) {
                a.mttrBusiness.add((double) s.get().resolution().elapsed().toMinutes());
                if (t.firstResponseAt() != null) {
                    a.mttaBusiness.add((double) s.get().response().elapsed().toMinutes());
                }
                boolean breached = s.get().resolution().state() == ClockStatus.State.BREACHED
                        || s.get().response().state() == ClockStatus.State.BREACHED;
                if (breached) {
                    a.breached++;
                } else {
                    a.met++;
                }
            }
        }
        List<PriorityFigures> figures = new ArrayList<>();
        acc.forEach((p, a) -> figures.add(new PriorityFigures(p, a.opened, a.resolved, mean(a.mttaWall), mean(a.mttaBusiness), mean(a.mttrWall),
                mean(a.mttrBusiness), a.met, a.breached)));
        return new Month(clientId, client.name(), month, zone.getId(), figures);
    }

    private static double minutes(Instant a, Instant b) {
        return Duration.between(a, b).toSeconds() / 60.0;
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : Math.round(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow() * 10) / 10.0;
    }

    private static final class Acc {
        int opened;
        int resolved;
        int met;
        int breached;
        final List<Double> mttaWall = new ArrayList<>();
        final List<Double> mttaBusiness = new ArrayList<>();
        final List<Double> mttrWall = new ArrayList<>();
        final List<Double> mttrBusiness = new ArrayList<>();
    }
}
