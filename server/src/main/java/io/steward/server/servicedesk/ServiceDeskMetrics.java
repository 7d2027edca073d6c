package io.steward.server.servicedesk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.ContractService;
import io.steward.server.contracts.Priority;
import io.steward.server.contracts.SlaTerms;
import io.steward.server.servicedesk.internal.SlaProjection;
import io.steward.server.servicedesk.internal.TicketMetricsRepository;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.servicedesk.sla.ClockStatus;
import io.steward.server.servicedesk.sla.SlaStatus;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServiceDeskMetrics.class);
    private final TicketMetricsRepository queries;
    private final TicketRepository tickets;
    private final SlaProjection sla;
    private final ClientService clients;
    private final ContractService contractTerms;

    public ServiceDeskMetrics(TicketMetricsRepository queries, TicketRepository tickets, SlaProjection sla, ClientService clients,
                              ContractService contractTerms) {
        this.queries = queries;
        this.tickets = tickets;
        this.sla = sla;
        this.clients = clients;
        this.contractTerms = contractTerms;
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
        queries.openedByPriority(clientId, from, to).forEach((level, count) -> acc.get(Priority.ofLevel(level)).opened = count);
        List<UUID> resolved = queries.resolvedIn(clientId, from, to);
        for (UUID raw : resolved) {
            TicketView t = tickets.find(viewer.scope(), new TicketId(raw)).orElseThrow();
            Acc a = acc.get(t.priority());
            a.resolved++;
            a.mttrWall.add(minutes(t.openedAt(), t.resolvedAt()));
            if (t.firstResponseAt() != null) {
                a.mttaWall.add(minutes(t.openedAt(), t.firstResponseAt()));
            }
            Optional<SlaStatus> s = sla.evaluate(viewer.scope(), t.ticket(), zone, tickets.history(viewer.scope(), t.id(), true), t.resolvedAt());
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

    /**
     * One SLA clock of a ticket as replayed at an instant; minutes are covered (business) time, pauses excluded.
     *
     * @param state     RUNNING, PAUSED, MET or BREACHED (a breach, once reached, stays)
     * @param stoppedAt when the clock stopped (first response, resolution), null while it runs
     */
    public record ClockOutcome(String state, long targetMinutes, long elapsedMinutes, Instant due, Instant stoppedAt, Instant breachedAt) {
    }

    /** A ticket's SLA clocks replayed from its history up to an instant, under the terms in force when it opened. */
    public record SlaOutcome(TicketId ticketId, String contractReference, ClockOutcome response, ClockOutcome resolution) {
    }

    /**
     * What a ticket's history says up to an instant: the first staff reply, the last resolution, the status then,
     * how often it was reopened and escalated, and how many public replies staff wrote.
     */
    public record HistoryFacts(Instant firstStaffReplyAt, Instant lastResolvedAt, String statusThen, long reopens, long escalations,
                               long staffReplies, String stageThen) {
        /** Facts without a change stage (any ticket but a change). */
        public HistoryFacts(Instant firstStaffReplyAt, Instant lastResolvedAt, String statusThen, long reopens, long escalations, long staffReplies) {
            this(firstStaffReplyAt, lastResolvedAt, statusThen, reopens, escalations, staffReplies, null);
        }
    }

    /** A ticket opened in a period: its history facts and, when a contract governed it, its SLA outcome (else null). */
    public record TicketOutcome(TicketId ticketId, HistoryFacts facts, SlaOutcome sla) {
    }

    /** The SLA-relevant history of a client's tickets, as read by {@link #histories}; pass it to {@link #outcomes}. */
    public static final class Histories {
        private final Map<UUID, List<HistoryEntry>> byTicket;
        private final Instant from;
        private final Instant asOf;

        private Histories(Map<UUID, List<HistoryEntry>> byTicket, Instant from, Instant asOf) {
            this.byTicket = byTicket;
            this.from = from;
            this.asOf = asOf;
        }
    }

    /**
     * The history, up to {@code asOf}, of every ticket of the client opened at or after {@code openedFrom}: the events
     * the SLA replay and the history facts read. Reading it needs no list of tickets, so a caller can read the tickets
     * themselves side by side and then call {@link #outcomes}.
     */
    @Transactional(readOnly = true)
    public Histories histories(Viewer viewer, ClientId clientId, Instant openedFrom, Instant asOf) {
        long t0 = System.nanoTime();
        Map<UUID, List<HistoryEntry>> byTicket = queries.slaEvents(viewer.scope(), clientId, openedFrom, asOf);
        if (log.isDebugEnabled()) {
            log.debug("SLA histories of {} tickets read in {} ms", byTicket.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new Histories(byTicket, openedFrom, asOf);
    }

    /**
     * The SLA outcome, as of {@code asOf}, of each ticket in {@code opened} (id → when it opened, each at or after the
     * histories' start), replaying only history recorded up to {@code asOf} (the {@code histories} must be read up to
     * the same instant): the answer for a past instant never changes later. Tickets opened while the client had no
     * contract have facts but no SLA outcome. The replays run on two threads: they are pure computation once the
     * contract terms (one look-up per opening day) are known.
     */
    @Transactional(readOnly = true)
    public Map<TicketId, TicketOutcome> outcomes(Viewer viewer, ClientId clientId, ZoneId zone, Map<UUID, Instant> opened, Histories histories,
                                                 Instant asOf) {
        if (!asOf.equals(histories.asOf)) {
            throw new IllegalArgumentException("the histories were read up to " + histories.asOf + ", not " + asOf);
        }
        long t0 = System.nanoTime();
        // Terms depend on the day the ticket opened (contracts start and end on days); a month has at most 31.
        Map<LocalDate, Optional<SlaTerms>> terms = new HashMap<>();
        List<Replay> replays = new ArrayList<>(opened.size());
        opened.forEach((id, at) -> {
            if (at.isBefore(histories.from)) {
                throw new IllegalArgumentException("ticket " + id + " opened before the histories start");
            }
            replays.add(new Replay(id, at, terms.computeIfAbsent(at.atZone(zone).toLocalDate(),
                    d -> contractTerms.termsAt(viewer.scope(), clientId, zone, at))));
        });
        int half = replays.size() / 2;
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> replay(replays.subList(0, half), histories, asOf), REPLAYS);
        Map<TicketId, TicketOutcome> result = replay(replays.subList(half, replays.size()), histories, asOf);
        result.putAll(first.join());
        if (log.isDebugEnabled()) {
            log.debug("SLA outcomes of {} tickets replayed in {} ms", opened.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        return result;
    }

    /** A ticket to replay: when it opened and the terms in force that day. */
    private record Replay(UUID id, Instant openedAt, Optional<SlaTerms> terms) {
    }

    private static final java.util.concurrent.ExecutorService REPLAYS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private static Map<TicketId, TicketOutcome> replay(List<Replay> replays, Histories histories, Instant asOf) {
        Map<TicketId, TicketOutcome> result = HashMap.newHashMap(replays.size() * 2);
        for (Replay r : replays) {
            TicketId id = new TicketId(r.id());
            List<HistoryEntry> history = histories.byTicket.getOrDefault(r.id(), List.of());
            SlaOutcome outcome = null;
            if (r.terms().isPresent() && !history.isEmpty()) {
                SlaStatus s = SlaProjection.replay(r.terms().get(), r.openedAt(), history, asOf);
                outcome = new SlaOutcome(id, r.terms().get().contractReference(), clock(s.response()), clock(s.resolution()));
            }
            result.put(id, new TicketOutcome(id, facts(history), outcome));
        }
        return result;
    }

    static HistoryFacts facts(List<HistoryEntry> history) {
        Instant firstReply = null;
        Instant lastResolved = null;
        String status = "NEW";
        String stage = null;
        long reopens = 0;
        long escalations = 0;
        long replies = 0;
        for (HistoryEntry h : history) {
            switch (h.kind()) {
                case PUBLIC_REPLY -> {
                    if (h.staff()) {
                        replies++;
                        if (firstReply == null) {
                            firstReply = h.at();
                        }
                    }
                }
                case STATUS_CHANGED -> {
                    if ("stage".equals(h.field())) {
                        stage = h.newValue();
                    }
                    if ("status".equals(h.field())) {
                        status = h.newValue();
                        if ("RESOLVED".equals(h.newValue())) {
                            lastResolved = h.at();
                        }
                        boolean wasDone = "RESOLVED".equals(h.oldValue()) || "CLOSED".equals(h.oldValue());
                        boolean isDone = "RESOLVED".equals(h.newValue()) || "CLOSED".equals(h.newValue());
                        if (wasDone && !isDone) {
                            reopens++;
                        }
                    }
                }
                case ESCALATED -> escalations++;
                default -> {
                }
            }
        }
        return new HistoryFacts(firstReply, lastResolved, status, reopens, escalations, replies, stage);
    }

    private static ClockOutcome clock(ClockStatus c) {
        return new ClockOutcome(c.state().name(), c.target().toMinutes(), c.elapsed().toMinutes(), c.due(), c.stoppedAt(), c.breachedAt());
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
