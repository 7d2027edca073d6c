package io.steward.server.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.steward.server.alerting.AlertHistory;
import io.steward.server.servicedesk.TicketImport;
import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.servicedesk.TimeEntryDraft;
import io.steward.server.servicedesk.TimeEntryService;
import io.steward.server.shared.TicketId;
import io.steward.server.telemetry.SyntheticSeries;
import io.steward.server.telemetry.TelemetryHistory;
import io.steward.server.demo.DemoLife.Outage;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Component;

/**
 * The demo's past, {@link #DAYS} days of it up to the injected clock's now, written through the modules' historical
 * imports with original timestamps: the service desk's ticket import (tickets through their whole life, incidents of
 * outages), the change import, time entries, the devices' telemetry rollups, resolved alerts and the disks' daily highs,
 * then the fill forecast. Outages put the large client's uptime below its contract in the last full month. Seeded from
 * a fixed random seed, so every demo has the same story, shifted to its own dates.
 */
@Component
class DemoHistory {
    static final int DAYS = 92;

    private final TicketImport imports;
    private final DemoChanges changes;
    private final TimeEntryService time;
    private final AlertHistory alerts;
    private final TelemetryHistory telemetry;
    private final ClientService clients;
    private final Clock clock;

    DemoHistory(TicketImport imports, DemoChanges changes, TimeEntryService time, AlertHistory alerts, TelemetryHistory telemetry,
                ClientService clients, Clock clock) {
        this.imports = imports;
        this.changes = changes;
        this.time = time;
        this.alerts = alerts;
        this.telemetry = telemetry;
        this.clients = clients;
        this.clock = clock;
    }

    /** What the history holds. */
    record Summary(int tickets, int changes, int timeEntries, int alerts, long hourRows, long minuteRows, int forecasts) {
    }

    /** Where the history starts: {@link #DAYS} days before now, at midnight UTC. */
    Instant start() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Writes the past of the cast's clients and the fleet's devices; call in system scope. */
    Summary seed(DemoCast cast, List<DemoFleet.Member> fleet) {
        Instant start = start();
        Instant now = clock.instant();
        Random random = new Random(14);
        Map<String, io.steward.server.shared.DeviceId> devices = new LinkedHashMap<>();
        fleet.forEach(m -> devices.put(m.plan().hostname(), m.id()));
        int outages = 0;
        List<Outage> down = new ArrayList<>();
        for (Client c : cast.clients()) {
            clients.backdate(cast.system(), c.id(), start.minus(Duration.ofDays(1)));
        }
        int tickets = 0;
        int entries = 0;
        double[] rates = {0.6, 1.3, 1.7};
        for (int i = 0; i < 3; i++) {
            Client client = cast.clients()[i];
            List<DemoLife> lives = new ArrayList<>();
            ZoneId zone = ZoneId.of(client.timeZone());
            for (LocalDate day = start.atZone(zone).toLocalDate().plusDays(1); !day.isAfter(now.atZone(zone).toLocalDate()); day = day.plusDays(1)) {
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                int count = poisson(random, weekend ? rates[i] * 0.15 : rates[i]);
                for (int n = 0; n < count; n++) {
                    Instant opened = day.atTime(8, 0).plusMinutes(random.nextInt(9 * 60)).atZone(zone).toInstant();
                    if (opened.isBefore(now.minus(Duration.ofMinutes(5)))) {
                        lives.add(DemoLife.ordinary(client, opened, now, random, cast));
                    }
                }
            }
            lives.addAll(outages(cast, devices, client, i, zone, now));
            lives.sort(java.util.Comparator.comparing(DemoLife::opened));
            List<TicketImport.Imported> done = imports.importAll(cast.system(),
                    new TicketImport.Request(lives.stream().map(DemoLife::item).toList()));
            tickets += done.size();
            for (int k = 0; k < done.size(); k++) {
                DemoLife life = lives.get(k);
                TicketId id = done.get(k).id();
                if (life.workedBy() != null) {
                    time.record(cast.as(life.workedBy()), id, new TimeEntryDraft(life.minutesWorked(), true, TimeEntry.WorkType.REMOTE,
                            life.item().title(), life.workedOn()));
                    entries++;
                }
                if (life.outage() != null) {
                    outages++;
                    down.add(life.outage());
                    alerts.record(new AlertHistory.PastAlert(life.outage().device(), client.id(), AlertHistory.OFFLINE_POLICY, "",
                            life.outage().from(), life.outage().to(), 0, id));
                }
            }
        }
        DemoChanges.Result changed = changes.seed(cast, start, now);
        List<SyntheticSeries> series = new ArrayList<>();
        for (DemoFleet.Member m : fleet) {
            series.addAll(DemoFleet.series(m));
        }
        TelemetryHistory.Written rows = telemetry.backfill(series, start);
        for (Outage o : down) {
            telemetry.silence(o.device(), o.from(), o.to());
        }
        for (SyntheticSeries s : series) {
            if ("fs.used_pct".equals(s.metric())) {
                alerts.dailyHighs(s.device(), s.client(), s.instance(), dailyHighs(s, now));
            }
        }
        int forecasts = alerts.forecastNow();
        return new Summary(tickets + changed.changes(), changed.changes(), entries + changed.timeEntries(), outages, rows.hours(),
                rows.minutes(), forecasts);
    }

    /** The daily highs of the last three weeks: the curve's high of each day (its afternoon peak plus noise). */
    private static Map<LocalDate, Double> dailyHighs(SyntheticSeries s, Instant now) {
        Map<LocalDate, Double> out = new LinkedHashMap<>();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate d = today.minusDays(20); d.isBefore(today); d = d.plusDays(1)) {
            out.put(d, s.valueAt(d.atTime(LocalTime.of(14, 0)).toInstant(ZoneOffset.UTC), 0.5));
        }
        return out;
    }

    /**
     * Outages of the demo's devices, each with the incident it raised: the large client's NAS is down three times in the
     * last full month (24 hours of 2 devices' month: below its 99.0 % target), the others briefly.
     */
    private List<DemoLife> outages(DemoCast cast, Map<String, io.steward.server.shared.DeviceId> devices, Client client, int index, ZoneId zone,
                                   Instant now) {
        YearMonth last = YearMonth.from(now.atZone(zone)).minusMonths(1);
        List<DemoLife> out = new ArrayList<>();
        record Planned(String host, LocalDate day, int hour, Duration length) {
        }
        List<Planned> planned = switch (index) {
            case 0 -> List.of(new Planned("nwd-srv-01", last.atDay(19), 22, Duration.ofMinutes(25)),
                    new Planned("nwd-srv-01", last.minusMonths(1).atDay(8), 3, Duration.ofMinutes(40)));
            case 1 -> List.of(new Planned("alp-nue-wms01", last.atDay(9), 3, Duration.ofMinutes(20)));
            default -> List.of(new Planned(DemoFleet.OUTAGE_HOST, last.atDay(6), 1, Duration.ofHours(10)),
                    new Planned(DemoFleet.OUTAGE_HOST, last.atDay(14), 1, Duration.ofHours(8)),
                    new Planned(DemoFleet.OUTAGE_HOST, last.atDay(23), 1, Duration.ofHours(6)),
                    new Planned(DemoFleet.OUTAGE_HOST, last.minusMonths(1).atDay(11), 2, Duration.ofMinutes(45)));
        };
        for (Planned p : planned) {
            var device = devices.get(p.host());
            Instant from = p.day().atTime(p.hour(), 0).atZone(zone).toInstant();
            Instant to = from.plus(p.length());
            if (device != null && to.plus(Duration.ofHours(1)).isBefore(now) && from.isAfter(start())) {
                out.add(DemoLife.outage(client, p.host(), new DemoLife.Outage(device, from, to), now, cast));
            }
        }
        return out;
    }

    /** Knuth's: a small Poisson count for a mean of a few tickets a day. */
    private static int poisson(Random random, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
