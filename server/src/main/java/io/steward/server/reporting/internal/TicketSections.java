package io.steward.server.reporting.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import io.steward.server.reporting.ChangeStanding;
import io.steward.server.reporting.MonthlyReport;
import io.steward.server.reporting.MonthlyReport.Availability;
import io.steward.server.reporting.MonthlyReport.Breach;
import io.steward.server.reporting.MonthlyReport.Breaches;
import io.steward.server.reporting.MonthlyReport.Changes;
import io.steward.server.reporting.MonthlyReport.Rate;
import io.steward.server.reporting.MonthlyReport.Series;
import io.steward.server.reporting.MonthlyReport.SlaLine;
import io.steward.server.reporting.MonthlyReport.Summary;
import io.steward.server.reporting.MonthlyReport.TicketRef;
import io.steward.server.reporting.MonthlyReport.Timing;
import io.steward.server.reporting.MonthlyReport.TimingLine;
import io.steward.server.reporting.MonthlyReport.Volumes;
import io.steward.server.reporting.ReportPeriod;
import io.steward.server.reporting.TargetVerdict;
import io.steward.server.reporting.internal.ReportAssembler.TicketFacts;
import io.steward.server.servicedesk.ServiceDeskMetrics.ClockOutcome;

/**
 * The ticket and change sections of a monthly report (summary, volumes, timing, SLA breaches, changes), computed
 * from the month's ticket facts alone: what counts as met, breached, first contact, and how trends are grouped.
 */
final class TicketSections {
    static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4");
    static final String NO_SITE = ReportAssembler.NO_SITE;

    private TicketSections() {
    }

    static Map<String, List<TicketFacts>> byPriority(List<TicketFacts> tickets) {
        Map<String, List<TicketFacts>> by = new HashMap<>();
        PRIORITIES.forEach(p -> by.put(p, new ArrayList<>()));
        for (TicketFacts f : tickets) {
            List<TicketFacts> of = by.get(f.row().priority());
            if (of != null) {
                of.add(f);
            }
        }
        return by;
    }

    static long minutes(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMinutes());
    }

    static Summary summary(List<TicketFacts> tickets, Map<String, List<TicketFacts>> byPriority, Map<String, ReportData.Target> targets, boolean hasContract, double complianceTarget,
                            Availability availability) {
        TargetVerdict uptime = TargetVerdict.of(availability.overall() == null ? null : availability.overall().availabilityPct(),
                availability.uptimeTargetPct());
        if (!hasContract) {
            return new Summary("No contract was in force this month, so there are no SLA targets to measure against.", List.of(), uptime);
        }
        List<SlaLine> lines = new ArrayList<>();
        for (String clock : List.of("RESPONSE", "RESOLUTION")) {
            lines.add(slaLine(clock, "ALL", null, tickets, complianceTarget));
            for (String p : PRIORITIES) {
                ReportData.Target t = targets.get(p);
                Long target = t == null ? null : "RESPONSE".equals(clock) ? t.responseMinutes() : t.resolutionMinutes();
                lines.add(slaLine(clock, p, target, byPriority.get(p), complianceTarget));
            }
        }
        String note = tickets.stream().anyMatch(f -> f.sla() != null) ? null : "No ticket under a contract was opened this month.";
        return new Summary(note, lines, uptime);
    }

    static SlaLine slaLine(String clock, String priority, Long targetMinutes, List<TicketFacts> tickets, double complianceTarget) {
        long met = 0;
        long breached = 0;
        long pending = 0;
        for (TicketFacts f : tickets) {
            if (f.sla() == null) {
                continue;
            }
            ClockOutcome c = "RESPONSE".equals(clock) ? f.sla().response() : f.sla().resolution();
            switch (c.state()) {
                case "MET" -> met++;
                case "BREACHED" -> breached++;
                default -> pending++;
            }
        }
        TargetVerdict v = TargetVerdict.of(TargetVerdict.percent(met, breached), complianceTarget);
        return new SlaLine(clock, priority, targetMinutes, met, breached, pending, v, v.sentence());
    }

    static Volumes volumes(ReportPeriod period, List<ReportData.Volume> earlier, List<TicketFacts> tickets, Map<UUID, String> sites) {
        List<YearMonth> months = period.trailing(ReportAssembler.TREND_MONTHS);
        // The month's tickets counted per combination of dimensions, so that each series below reads a few thousand
        // combinations rather than every ticket again.
        Map<ReportData.Volume, long[]> combinations = new HashMap<>();
        for (TicketFacts f : tickets) {
            ReportData.TicketRow r = f.row();
            combinations.computeIfAbsent(new ReportData.Volume(period.month(), r.type(), r.source(), r.priority(), r.category(), r.siteId(), 0),
                    k -> new long[1])[0]++;
        }
        List<ReportData.Volume> all = new ArrayList<>(earlier);
        combinations.forEach((k, n) -> all.add(new ReportData.Volume(k.month(), k.type(), k.source(), k.priority(), k.category(), k.siteId(), n[0])));
        List<Series> byPriority = series(months, all, ReportData.Volume::priority, PRIORITIES);
        List<Series> byType = series(months, all, ReportData.Volume::type, List.of());
        List<Series> byCategory = series(months, all, v -> v.category() == null || v.category().isBlank() ? "(none)" : v.category(), List.of());
        List<Series> bySource = series(months, all, ReportData.Volume::source, List.of());
        List<Series> byOrigin = series(months, all, v -> "ALERT".equals(v.source()) ? "ALERT" : "PEOPLE", List.of("ALERT", "PEOPLE"));
        List<Series> bySite = series(months, all, v -> v.siteId() == null ? "" : v.siteId().toString(), List.of()).stream()
                .map(s -> new Series(s.key().isEmpty() ? NO_SITE : sites.getOrDefault(UUID.fromString(s.key()), NO_SITE), s.key(), s.counts()))
                .toList();
        long resolved = 0;
        long firstContact = 0;
        long reopened = 0;
        long everResolved = 0;
        for (TicketFacts f : tickets) {
            resolved += f.resolvedAt() != null ? 1 : 0;
            firstContact += f.firstContact() ? 1 : 0;
            reopened += f.history().reopens() > 0 ? 1 : 0;
            everResolved += f.history().lastResolvedAt() != null ? 1 : 0;
        }
        String note = tickets.isEmpty() ? "No ticket was opened this month." : null;
        return new Volumes(note, months.stream().map(YearMonth::toString).toList(), tickets.size(), byPriority, byType, byCategory, bySource,
                byOrigin, bySite, new Rate(firstContact, resolved, TargetVerdict.percent(firstContact, resolved - firstContact)),
                new Rate(reopened, everResolved, TargetVerdict.percent(reopened, everResolved - reopened)));
    }

    static List<Series> series(List<YearMonth> months, List<ReportData.Volume> volumes, Function<ReportData.Volume, String> key,
                                       List<String> always) {
        Map<String, long[]> counts = new TreeMap<>();
        always.forEach(k -> counts.put(k, new long[months.size()]));
        for (ReportData.Volume v : volumes) {
            int i = months.indexOf(v.month());
            if (i >= 0) {
                counts.computeIfAbsent(key.apply(v), k -> new long[months.size()])[i] += v.count();
            }
        }
        List<Series> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new Series(k, k, java.util.Arrays.stream(v).boxed().toList())));
        return out;
    }

    static Timing timing(List<TicketFacts> tickets, Map<String, List<TicketFacts>> byPriority) {
        List<TimingLine> lines = new ArrayList<>();
        for (String p : PRIORITIES) {
            List<TicketFacts> of = byPriority.get(p);
            Mean ackWall = new Mean();
            Mean resWall = new Mean();
            Mean ackBusiness = new Mean();
            Mean resBusiness = new Mean();
            for (TicketFacts f : of) {
                ackWall.add(f.responseWallMinutes());
                resWall.add(f.resolutionWallMinutes());
                if (f.sla() != null && f.sla().response().stoppedAt() != null) {
                    ackBusiness.add(f.sla().response().elapsedMinutes());
                }
                if (f.sla() != null && f.resolvedAt() != null && f.sla().resolution().stoppedAt() != null) {
                    resBusiness.add(f.sla().resolution().elapsedMinutes());
                }
            }
            lines.add(new TimingLine(p, of.size(), ackWall.n, resWall.n, ackWall.value(), ackBusiness.value(), resWall.value(), resBusiness.value()));
        }
        Comparator<TicketFacts> longestFirst = Comparator.comparingLong(TicketFacts::openMinutes).reversed()
                .thenComparingLong(f -> f.row().number());
        // The five longest by selection: sorting every ticket of a large month for five of them cost more than the rest of the section.
        java.util.PriorityQueue<TicketFacts> five = new java.util.PriorityQueue<>(6, longestFirst.reversed());
        for (TicketFacts f : tickets) {
            five.add(f);
            if (five.size() > 5) {
                five.poll();
            }
        }
        List<TicketRef> longest = five.stream().sorted(longestFirst).map(TicketSections::ref).toList();
        return new Timing(tickets.isEmpty() ? "No ticket was opened this month." : null, lines, longest);
    }

    /** A mean in minutes rounded to a tenth, of values added one by one; null when nothing was added. */
    private static final class Mean {
        private long n;
        private long sum;

        void add(Long minutes) {
            if (minutes != null) {
                n++;
                sum += minutes;
            }
        }

        Double value() {
            return n == 0 ? null : Math.round((double) sum / n * 10) / 10.0;
        }
    }

    static TicketRef ref(TicketFacts f) {
        return new TicketRef(f.row().id(), f.row().number(), f.row().title(), f.row().priority(), f.standing(), f.row().openedAt(),
                f.resolvedAt(), f.openMinutes());
    }

    static Breaches breaches(List<TicketFacts> tickets, boolean hasContract) {
        if (!hasContract) {
            return new Breaches("No contract was in force this month, so no SLA could be breached.", 0, 0, 0, List.of());
        }
        List<Breach> out = new ArrayList<>();
        long response = 0;
        long resolution = 0;
        for (TicketFacts f : tickets) {
            if (f.sla() == null) {
                continue;
            }
            ClockOutcome rc = f.sla().response();
            ClockOutcome sc = f.sla().resolution();
            if (rc.breachedAt() == null && sc.breachedAt() == null) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            if (rc.breachedAt() != null) {
                reasons.add(reason("Response", rc));
                response++;
            }
            if (sc.breachedAt() != null) {
                reasons.add(reason("Resolution", sc));
                resolution++;
            }
            String clock = rc.breachedAt() != null && sc.breachedAt() != null ? "RESPONSE_AND_RESOLUTION"
                    : rc.breachedAt() != null ? "RESPONSE" : "RESOLUTION";
            Instant first = rc.breachedAt() == null ? sc.breachedAt()
                    : sc.breachedAt() == null || rc.breachedAt().isBefore(sc.breachedAt()) ? rc.breachedAt() : sc.breachedAt();
            out.add(new Breach(f.row().id(), f.row().number(), f.row().title(), f.row().priority(), clock, first, String.join("; ", reasons),
                    f.row().openedAt(), f.history().firstStaffReplyAt(), rc.breachedAt(), sc.breachedAt(), f.resolvedAt()));
        }
        out.sort(Comparator.comparing(Breach::breachedAt).thenComparingLong(Breach::number));
        return new Breaches(out.isEmpty() ? "No SLA was breached by a ticket opened this month." : null, out.size(), response, resolution, out);
    }

    static String reason(String clock, ClockOutcome c) {
        String target = c.targetMinutes() + " business minutes";
        if (c.stoppedAt() != null) {
            return clock + " target of " + target + " exceeded: took " + c.elapsedMinutes() + " business minutes";
        }
        return clock + " target of " + target + " exceeded: still open at the month's end after " + c.elapsedMinutes() + " business minutes";
    }

    static Changes changes(List<ReportData.ChangeRow> rows, Map<String, Long> moves) {
        MonthlyReport.Activity activity = activity(moves);
        if (rows.isEmpty()) {
            return new Changes("No change was opened or scheduled this month.", 0, 0, List.of(), List.of(), activity);
        }
        List<MonthlyReport.ChangeRow> byRisk = new ArrayList<>();
        for (String risk : List.of("HIGH", "MEDIUM", "LOW", "ALL")) {
            List<ReportData.ChangeRow> of = rows.stream().filter(r -> "ALL".equals(risk) || risk.equals(r.risk())).toList();
            Map<ChangeStanding, Long> by = new java.util.EnumMap<>(ChangeStanding.class);
            of.forEach(r -> by.merge(ChangeStanding.of(r.stage(), r.outcome()), 1L, Long::sum));
            long implemented = by.entrySet().stream().filter(e -> e.getKey().implemented()).mapToLong(Map.Entry::getValue).sum();
            byRisk.add(new MonthlyReport.ChangeRow(risk, implemented, by.getOrDefault(ChangeStanding.SUCCESSFUL, 0L),
                    by.getOrDefault(ChangeStanding.FAILED, 0L), by.getOrDefault(ChangeStanding.BACKED_OUT, 0L),
                    by.getOrDefault(ChangeStanding.REJECTED, 0L), by.getOrDefault(ChangeStanding.OPEN, 0L), of.size(),
                    of.stream().filter(ReportData.ChangeRow::emergency).count()));
        }
        List<MonthlyReport.ChangeRef> emergencies = rows.stream().filter(ReportData.ChangeRow::emergency).map(TicketSections::changeRef).toList();
        return new Changes(null, rows.size(), emergencies.size(), byRisk, emergencies, activity);
    }

    /** The month's change activity from the stage moves and recorded outcomes (see {@code ReportData#changeMoves}). */
    static MonthlyReport.Activity activity(Map<String, Long> moves) {
        return new MonthlyReport.Activity(moves.getOrDefault("SUBMITTED", 0L), moves.getOrDefault("APPROVED", 0L),
                moves.getOrDefault("REJECTED", 0L), moves.getOrDefault("IMPLEMENTED", 0L), moves.getOrDefault("outcome:SUCCESSFUL", 0L),
                moves.getOrDefault("outcome:FAILED", 0L), moves.getOrDefault("outcome:BACKED_OUT", 0L));
    }

    static MonthlyReport.ChangeRef changeRef(ReportData.ChangeRow r) {
        ChangeStanding standing = ChangeStanding.of(r.stage(), r.outcome());
        return new MonthlyReport.ChangeRef(r.id(), r.number(), r.title(), r.risk(), r.stage(), standing.implemented() ? standing.name() : null,
                r.openedAt(), r.windowStart());
    }
}
