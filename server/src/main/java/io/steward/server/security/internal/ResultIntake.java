package io.steward.server.security.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.devices.DeviceService;
import io.steward.server.security.CheckEpisodes;
import io.steward.server.security.SecurityPlan;
import io.steward.server.security.SecurityPlans;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.TicketId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a device's round of check results in one transaction with its sequence number (a replay is refused 409 by
 * the channel's sequence check): each check's latest result, and its history as {@link CheckEpisodes} decides it. A
 * failing check the client's plan names opens an incident through the service desk (one per device and check while
 * the episode is open; a synchronous step on purpose, so the episode and its incident commit together), and its
 * passing again settles that incident with a note. Rows are written for the signing device only: the device comes
 * from the request's key, never from the body.
 */
@Service
public class ResultIntake {
    private final ResultRepository results;
    private final SecurityPlans plans;
    private final DeviceService devices;
    private final TicketService tickets;
    private final JdbcClient jdbc;
    private final Clock clock;

    ResultIntake(ResultRepository results, SecurityPlans plans, DeviceService devices, TicketService tickets, JdbcClient jdbc, Clock clock) {
        this.results = results;
        this.plans = plans;
        this.devices = devices;
        this.tickets = tickets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public SecurityCheckMessages.ResultsResponse accept(AgentDevice device, SecurityCheckMessages.Results round) {
        return accept(device, round, clock);
    }

    /** As {@link #accept(AgentDevice, SecurityCheckMessages.Results)}, received at {@code receipt}'s instant (the demo's history). */
    @Transactional
    public SecurityCheckMessages.ResultsResponse accept(AgentDevice device, SecurityCheckMessages.Results round, Clock receipt) {
        DeviceService.requireApproved(device);
        Instant now = receipt.instant();
        ResultCheck.check(round, now);
        devices.acceptSequence(device, "security-checks");
        SecurityPlan plan = plans.planFor(device.clientId(), device.deviceId());
        // Two rounds of one device (a spool flushing while a new round arrives) apply one after the other.
        UUID id = device.deviceId().value();
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(id.getMostSignificantBits() ^ id.getLeastSignificantBits()).query((rs, n) -> 1).list();
        Map<String, ResultRepository.Stored> states = results.lockStates(device.deviceId());
        CheckEpisodes rule = new CheckEpisodes(receipt);
        Instant evaluatedAt = Instant.ofEpochMilli(round.evaluatedAt());
        int applied = 0;
        for (SecurityCheckMessages.Result r : round.results()) {
            ResultRepository.Stored stored = states.get(r.check());
            Instant observedAt = r.observedAt() == null ? null : Instant.ofEpochMilli(r.observedAt());
            CheckEpisodes.Step step = rule.apply(stored == null ? null : stored.state(), r.status(), evaluatedAt, observedAt);
            if (step.change() == CheckEpisodes.Change.STALE) {
                continue;
            }
            applied++;
            String evidence = r.evidence() == null ? "" : r.evidence().strip();
            results.saveResult(device.deviceId(), device.clientId(), r.check(), step.next(), evidence, observedAt, now, device.seq());
            switch (step.change()) {
                case OPENED -> {
                    UUID episode = results.openEpisode(device.deviceId(), device.clientId(), r.check(), step.next().open(), evidence);
                    if (plan.raisesIncident(r.check())) {
                        openIncident(device, episode, r.check(), evidence, step.next().open());
                    }
                }
                case STILL_FAILING -> {
                    results.stillFailing(stored.openEpisodeId(), evidence);
                    // The plan may have named the check since the episode opened.
                    if (stored.incidentId() == null && plan.raisesIncident(r.check())) {
                        openIncident(device, stored.openEpisodeId(), r.check(), evidence, stored.state().open());
                    }
                }
                case CLOSED -> {
                    results.closeEpisode(stored.openEpisodeId(), step.fixedAt(), evidence);
                    if (stored.incidentId() != null) {
                        tickets.settleFromAlert(device.clientId(), new TicketId(stored.incidentId()), "The security check " + r.check()
                                + " passes again (evaluated " + step.fixedAt() + ")" + (evidence.isEmpty() ? "." : ": " + evidence));
                    }
                }
                default -> { }
            }
        }
        boolean accepted = applied > 0 || round.results().isEmpty();
        return new SecurityCheckMessages.ResultsResponse(round.seq(), accepted, accepted ? null : "Newer results of these checks are stored already.",
                plan.forAgent());
    }

    private void openIncident(AgentDevice device, UUID episode, String check, String evidence, CheckEpisodes.Open open) {
        DeviceProfile profile = devices.profile(device.deviceId());
        String host = profile == null ? device.deviceId().toString() : profile.hostname();
        String text = "The security check " + check + " fails on " + host + ".\n\nEvidence: " + (evidence.isEmpty() ? "none given" : evidence)
                + "\nBegan (at the latest): " + open.beganAt() + " (" + open.beganFrom().code() + ")\nDetected: " + open.detectedAt()
                + "\n\nThe incident is settled when the check passes again.";
        UUID ticket = tickets.openFromAlert(device.clientId(), "Security check failing on " + host + ": " + check, text, Level.MEDIUM, Level.MEDIUM)
                .id().value();
        results.incidentOpened(episode, ticket);
    }
}
