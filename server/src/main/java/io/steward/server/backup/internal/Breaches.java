package io.steward.server.backup.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.backup.BackupPolicy;
import io.steward.server.backup.RpoRule;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import org.springframework.stereotype.Component;

/**
 * Judges jobs with {@link RpoRule} and keeps their breaches: a job that breaches its objectives gets one breach with
 * one incident while it lasts; a new kind of breach (failures on top of an old restore point, say) is noted on that
 * incident; a job that meets its objectives again ends the breach and settles the incident (resolved unless someone
 * worked on it). Runs in the client's scope and the caller's transaction, on every report and in the sweep.
 */
@Component
class Breaches {
    private final JobRepository jobs;
    private final BackupPolicyRepository policies;
    private final BreachRepository breaches;
    private final DeviceService devices;
    private final TicketService tickets;

    Breaches(JobRepository jobs, BackupPolicyRepository policies, BreachRepository breaches, DeviceService devices, TicketService tickets) {
        this.jobs = jobs;
        this.policies = policies;
        this.breaches = breaches;
        this.devices = devices;
        this.tickets = tickets;
    }

    /** One device's jobs, after its report. */
    void judgeDevice(ClientId client, DeviceId device, Instant now) {
        judge(client, jobs.ofDevice(device), breaches.lockOpen(client, device), now);
    }

    /** Every job of the client (the sweep); returns the breaches open afterwards. */
    int judgeClient(ClientId client, Instant now) {
        jobs.lockClientReports(client);
        return judge(client, jobs.inScope(TenantScope.of(client), client), breaches.lockOpen(client, null), now);
    }

    private int judge(ClientId client, List<JobRepository.JobRow> rows, List<BreachRepository.Row> openRows, Instant now) {
        BackupPolicy policy = policies.effective(client);
        Map<DeviceId, BackupPolicy.DeviceObjective> own = policies.objectives(client);
        RpoRule rule = new RpoRule(Clock.fixed(now, ZoneOffset.UTC));
        Map<String, BreachRepository.Row> open = new HashMap<>();
        openRows.forEach(b -> open.put(key(b.deviceId(), b.name()), b));
        Map<DeviceId, DeviceProfile> profiles = new HashMap<>();
        int breaching = 0;
        for (JobRepository.JobRow j : rows) {
            if (!j.present() || !j.clientId().equals(client)) {
                continue;
            }
            DeviceProfile device = profiles.computeIfAbsent(j.deviceId(), devices::profile);
            if (device == null || !device.clientId().equals(client)) {
                continue;
            }
            RpoRule.Verdict v = rule.judge(new RpoRule.Job(j.firstSeenAt(), j.lastAttemptAt(), j.newestPointAt(), j.scheduleHours(), j.failuresInRow()),
                    policy.objective(own.get(j.deviceId())));
            BreachRepository.Row existing = open.remove(key(j.deviceId(), j.name()));
            if (v.met()) {
                if (existing != null) {
                    end(client, existing, "The backup job " + j.name() + " on " + device.hostname() + " meets its objectives again.", now);
                }
                continue;
            }
            breaching++;
            List<String> kinds = v.breaches().stream().map(Enum::name).toList();
            String reason = String.join("; ", v.reasons());
            if (existing == null) {
                String text = "The backup job " + j.name() + " (" + j.tool() + ", " + j.repository() + ") on " + device.hostname()
                        + " breaches its objectives: " + reason + ".\nLast result: " + j.lastResult() + (j.lastError() == null ? "" : " (" + j.lastError() + ")")
                        + ".\nSteward resolves this incident when the job meets its objectives again, unless someone works on it.";
                UUID ticket = tickets.openFromAlert(client, "Backup " + j.name() + " on " + device.hostname() + ": " + title(kinds), text,
                        Level.MEDIUM, kinds.contains("RPO") ? Level.HIGH : Level.MEDIUM).id().value();
                breaches.open(new BreachRepository.Row(UUID.randomUUID(), j.deviceId(), client, j.name(), kinds, reason, now, now, null, ticket));
            } else if (!existing.kinds().containsAll(kinds) || !existing.reason().equals(reason) && newFailure(existing, j)) {
                UUID ticket = existing.ticketId();
                String note = "Backup job " + j.name() + " on " + device.hostname() + ": " + reason + ".";
                if (ticket == null || !tickets.noteFromAlert(client, new TicketId(ticket), note)) {
                    // Someone closed the incident while the breach lasts: a new one tells them it is not over.
                    ticket = tickets.openFromAlert(client, "Backup " + j.name() + " on " + device.hostname() + ": " + title(kinds), note,
                            Level.MEDIUM, Level.MEDIUM).id().value();
                }
                breaches.noted(existing.id(), kinds, reason, now, ticket);
            } else if (!existing.kinds().equals(kinds) || !existing.reason().equals(reason)) {
                breaches.noted(existing.id(), kinds, reason, existing.notedAt(), existing.ticketId());
            }
        }
        // Jobs gone from their device's reports (or devices gone from the client): their breaches end.
        for (BreachRepository.Row gone : open.values()) {
            end(client, gone, "The backup job " + gone.name() + " is no longer reported by its device.", now);
        }
        return breaching;
    }

    /** A later failure of a job already breaching for failures is worth a note; the aging of a restore point is not. */
    private static boolean newFailure(BreachRepository.Row existing, JobRepository.JobRow j) {
        return existing.kinds().contains("FAILURES") && j.lastAttemptAt() != null && j.lastAttemptAt().isAfter(existing.notedAt());
    }

    private void end(ClientId client, BreachRepository.Row b, String note, Instant now) {
        breaches.end(b.id(), now);
        if (b.ticketId() != null) {
            tickets.settleFromAlert(client, new TicketId(b.ticketId()), note);
        }
    }

    private static String title(List<String> kinds) {
        return String.join(", ", kinds.stream().map(k -> switch (k) {
            case "RPO" -> "restore point older than the RPO";
            case "MISSED" -> "missed its schedule";
            default -> "failed repeatedly";
        }).toList());
    }

    private static String key(DeviceId device, String name) {
        return device.value() + "\0" + name;
    }
}
