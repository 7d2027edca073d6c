package io.steward.server.alerting;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import io.steward.server.alerting.internal.AlertHistoryStore;
import io.steward.server.alerting.internal.DiskForecaster;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TicketId;
import org.springframework.stereotype.Service;

/**
 * Alerting's past, brought over with original timestamps (the demo's history): alerts that opened and resolved, with
 * the incident each raised, and the daily high-water marks of file systems that the fill forecast reads. Writes in
 * system scope, for devices and clients the caller names; nothing is announced (the past's incidents exist already).
 */
@Service
public class AlertHistory {
    /** The built-in policy whose alerts are outages (no heartbeat), as availability counts them. */
    public static final UUID OFFLINE_POLICY = AlertService.OFFLINE_POLICY;

    private final AlertHistoryStore store;
    private final DiskForecaster forecaster;
    private final Clock clock;

    public AlertHistory(AlertHistoryStore store, DiskForecaster forecaster, Clock clock) {
        this.store = store;
        this.forecaster = forecaster;
        this.clock = clock;
    }

    /** An alert that opened and resolved in the past, and the incident ticket it raised (or null). */
    public record PastAlert(DeviceId device, ClientId client, UUID policyId, String instance, Instant openedAt, Instant resolvedAt,
                            double lastValue, TicketId incident) {
    }

    /** Stores a resolved alert; returns its id. */
    public UUID record(PastAlert a) {
        if (!a.openedAt().isBefore(a.resolvedAt()) || a.resolvedAt().isAfter(clock.instant())) {
            throw new InvalidInputException("resolvedAt", "A past alert resolves after it opens and before now.");
        }
        return TenantContext.callAsSystem(() -> store.insertResolved(a.device().value(), a.client().value(), a.policyId(),
                a.instance() == null ? "" : a.instance(), a.openedAt(), a.resolvedAt(), a.lastValue(),
                a.incident() == null ? null : a.incident().value()));
    }

    /** Stores the daily (UTC) high-water marks of a file system's used %, as the forecast reads them. */
    public void dailyHighs(DeviceId device, ClientId client, String instance, Map<LocalDate, Double> highs) {
        TenantContext.runAsSystem(() -> store.dailyHighs(device.value(), client.value(), instance, highs));
    }

    /**
     * Runs the disk fill forecast now instead of at its nightly hour (a service request opens for each disk predicted
     * full within the horizon); returns how many file systems it forecast.
     */
    public int forecastNow() {
        return TenantContext.callAsSystem(forecaster::run);
    }
}
