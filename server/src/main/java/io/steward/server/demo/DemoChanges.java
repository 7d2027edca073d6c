package io.steward.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeImport;
import io.steward.server.servicedesk.ChangeStage;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketImport;
import io.steward.server.servicedesk.TicketImport.Event;
import io.steward.server.servicedesk.TicketImport.Event.Kind;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.TimeEntry;
import io.steward.server.servicedesk.TimeEntryDraft;
import io.steward.server.servicedesk.TimeEntryService;
import io.steward.server.tenancy.Client;
import org.springframework.stereotype.Component;

/**
 * The demo's changes: two a month per client (the 4th and the 18th, client time) over the history's months, each
 * submitted, approved by the service manager (and, for the co-managed client, by its head of IT too), scheduled into
 * a night window, implemented and reviewed, as far as now allows; one was rejected. Imported as CHANGE tickets whose
 * statuses follow the stages, then with their change history (stages, approvals, window, outcome).
 */
@Component
class DemoChanges {
    private static final String[] TITLES = {"Firmware update of the core switch", "Patch the file server (monthly rollup)",
            "Move the mailbox database to new storage", "Renew the firewall certificate", "Upgrade the line-of-business app",
            "Replace the backup NAS disks"};

    private final TicketImport imports;
    private final ChangeImport changes;
    private final TimeEntryService time;

    DemoChanges(TicketImport imports, ChangeImport changes, TimeEntryService time) {
        this.imports = imports;
        this.changes = changes;
        this.time = time;
    }

    record Result(int changes, int timeEntries) {
    }

    private record Stage(ChangeStage stage, Instant at) {
    }

    Result seed(DemoCast cast, Instant start, Instant now) {
        int count = 0;
        int entries = 0;
        var manager = cast.person(DemoCast.MANAGER);
        var requester = cast.person(DemoCast.TIER2);
        for (int i = 0; i < 3; i++) {
            Client client = cast.clients()[i];
            ZoneId zone = ZoneId.of(client.timeZone());
            YearMonth month = YearMonth.from(now.atZone(zone));
            for (int m = -3; m <= 0; m++) {
                for (int day : new int[] {4, 18}) {
                    LocalDate date = month.plusMonths(m).atDay(day);
                    Instant opened = date.atTime(10, 0).atZone(zone).toInstant();
                    if (opened.isBefore(start) || opened.plus(Duration.ofDays(1)).isAfter(now)) {
                        continue;
                    }
                    boolean rejected = i == 2 && m == -1 && day == 18;
                    boolean clientApproves = i == 1;
                    String title = TITLES[(count + i) % TITLES.length];
                    Instant submitted = opened.plus(Duration.ofHours(2));
                    Instant decided = opened.plus(Duration.ofDays(1));
                    Instant windowStart = date.plusDays(3).atTime(22, 0).atZone(zone).toInstant();
                    Instant windowEnd = windowStart.plus(Duration.ofHours(2));
                    List<Stage> plan = rejected
                            ? List.of(new Stage(ChangeStage.SUBMITTED, submitted), new Stage(ChangeStage.REJECTED, decided))
                            : List.of(new Stage(ChangeStage.SUBMITTED, submitted), new Stage(ChangeStage.APPROVED, decided),
                            new Stage(ChangeStage.SCHEDULED, decided.plus(Duration.ofHours(1))), new Stage(ChangeStage.IMPLEMENTING, windowStart),
                            new Stage(ChangeStage.IMPLEMENTED, windowEnd),
                            new Stage(ChangeStage.REVIEWED, windowEnd.plus(Duration.ofDays(1))));
                    List<Stage> reached = plan.stream().filter(s -> !s.at().isAfter(now)).toList();
                    List<Event> events = new ArrayList<>();
                    TicketStatus status = TicketStatus.NEW;
                    for (Stage s : reached) {
                        if (s.stage().ticketStatus(false) != status) {
                            status = s.stage().ticketStatus(false);
                            events.add(new Event(s.at(), Kind.STATUS, status, null, true, null, manager.displayName()));
                        }
                    }
                    var imported = imports.importAll(cast.system(), new TicketImport.Request(List.of(new TicketImport.Item(null,
                            client.id().value(), TicketType.CHANGE, title, "Planned maintenance: " + title.toLowerCase(java.util.Locale.ROOT) + ".",
                            Level.MEDIUM, Level.LOW, null, opened, TicketSource.WEB, events)))).getFirst();
                    List<ChangeImport.Decision> decisions = new ArrayList<>();
                    if (!decided.isAfter(now)) {
                        decisions.add(new ChangeImport.Decision(manager.id().value(), manager.displayName(), false, !rejected,
                                rejected ? "The backout plan has not been tested." : "Risk understood; go ahead.", decided));
                        if (clientApproves && !rejected) {
                            var head = cast.person("j.weber@alpine-logistics.example");
                            decisions.add(new ChangeImport.Decision(head.id().value(), head.displayName(), true, true, "Fine for us.",
                                    decided.minus(Duration.ofHours(1))));
                        }
                    }
                    boolean scheduled = reached.stream().anyMatch(s -> s.stage() == ChangeStage.SCHEDULED);
                    changes.importChange(cast.system(), imported.id(), new ChangeImport.PastChange(
                            count % 3 == 0 ? Change.Risk.HIGH : Change.Risk.MEDIUM, "1. Announce. 2. " + title + ". 3. Test.",
                            "Restore the previous version from the snapshot.", clientApproves ? 2 : 1, requester.id().value(),
                            reached.stream().map(s -> new ChangeImport.Stage(s.stage(), s.at(), manager.displayName())).toList(), decisions,
                            scheduled ? windowStart : null, scheduled ? windowEnd : null,
                            count % 5 == 4 ? Change.Outcome.BACKED_OUT : Change.Outcome.SUCCESSFUL));
                    count++;
                    if (reached.stream().anyMatch(s -> s.stage() == ChangeStage.IMPLEMENTED)) {
                        time.record(cast.as(DemoCast.TIER2), imported.id(), new TimeEntryDraft(120, true, TimeEntry.WorkType.PROJECT, title,
                                windowEnd.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
                        entries++;
                    }
                }
            }
        }
        return new Result(count, entries);
    }
}
