package io.steward.server.alerting.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.alerting.AlertService.WindowDraft;
import io.steward.server.alerting.MaintenanceWindow;
import io.steward.server.alerting.AlertingPermissions;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance windows as staff plan them: which drafts are acceptable (a one-off window of at most
 * 31 days, or a weekly one in the client's time zone) and who may see and cancel them.
 */
@Component
public class MaintenanceWindows {
    private final MaintenanceWindowRepository windows;
    private final Clock clock;

    MaintenanceWindows(MaintenanceWindowRepository windows, Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    @Transactional
    public MaintenanceWindow create(Viewer viewer, ClientId client, WindowDraft d) {
        AlertingPermissions.PLAN_MAINTENANCE.require(viewer);
        if (!viewer.scope().covers(client)) {
            throw new NotFoundException("No such client.");
        }
        if (d.reason() == null || d.reason().isBlank() || d.reason().strip().length() > 500) {
            throw new InvalidInputException("reason", "Say why (at most 500 characters).");
        }
        boolean weekly = "WEEKLY".equals(d.recurrence());
        Instant now = clock.instant();
        Instant starts = d.startsAt() != null ? d.startsAt() : weekly ? now : null;
        Instant ends = d.endsAt() != null ? d.endsAt() : weekly && starts != null ? starts.plus(java.time.Duration.ofDays(5 * 366)) : null;
        if (starts == null) {
            throw new InvalidInputException("startsAt", "When does the window start?");
        }
        if (ends == null) {
            throw new InvalidInputException("endsAt", "When does the window end?");
        }
        if (!ends.isAfter(starts)) {
            throw new InvalidInputException("endsAt", "The window must end after it starts.");
        }
        if (!weekly && java.time.Duration.between(starts, ends).toDays() > 31) {
            throw new InvalidInputException("endsAt", "A maintenance window lasts at most 31 days.");
        }
        String days = null;
        java.time.LocalTime startTime = null;
        String zone = null;
        if (weekly) {
            if (d.days() == null || d.days().isEmpty()) {
                throw new InvalidInputException("days", "Choose the days of the week.");
            }
            java.util.TreeSet<java.time.DayOfWeek> parsed = new java.util.TreeSet<>();
            for (String day : d.days()) {
                try {
                    parsed.add(java.time.DayOfWeek.valueOf(day == null ? "" : day.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("days", "Days are MONDAY to SUNDAY.");
                }
            }
            days = parsed.stream().map(Enum::name).collect(Collectors.joining(","));
            try {
                startTime = java.time.LocalTime.parse(d.startTime() == null ? "" : d.startTime().strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInputException("startTime", "Use a time such as 22:00.");
            }
            if (d.durationMinutes() == null || d.durationMinutes() < 1 || d.durationMinutes() > 10080) {
                throw new InvalidInputException("durationMinutes", "Between 1 minute and a week (10080).");
            }
            zone = windows.clientZone(client);
        }
        if (d.deviceId() != null && d.siteId() != null) {
            throw new InvalidInputException("siteId", "Choose a device or a site, not both.");
        }
        if (d.deviceId() != null && !windows.owned("device", d.deviceId(), client)) {
            throw new InvalidInputException("deviceId", "Choose a device of this client.");
        }
        if (d.siteId() != null && !windows.owned("site", d.siteId(), client)) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        UUID id = UUID.randomUUID();
        windows.insert(new MaintenanceWindowRepository.NewWindow(id, client, d.deviceId(), d.siteId(), starts, ends, d.reason().strip(), viewer.email(),
                now, weekly ? "WEEKLY" : "ONCE", days, startTime, weekly ? d.durationMinutes() : null, zone));
        return ofClient(viewer, client).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<MaintenanceWindow> ofClient(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        if (!viewer.scope().covers(client)) {
            throw new NotFoundException("No such client.");
        }
        return windows.ofClient(client);
    }

    /** Windows of every visible client that have not ended yet. */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> currentAndComing(Viewer viewer) {
        requireStaff(viewer);
        return windows.endingAfter(viewer.scope(), clock.instant());
    }

    /**
     * Cancels a maintenance window: from now on its client's problems page people again. Alerts
     * that started inside it stay as they were recorded (they paged nobody then).
     */
    @Transactional
    public void cancel(Viewer viewer, UUID windowId) {
        AlertingPermissions.PLAN_MAINTENANCE.require(viewer);
        if (!windows.delete(viewer.scope(), windowId)) {
            throw new NotFoundException("No such maintenance window.");
        }
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
