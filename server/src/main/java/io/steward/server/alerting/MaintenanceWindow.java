package io.steward.server.alerting;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.alerting.internal.RecurringWindow;

/**
 * A planned period in which a client's (or one site's, or one device's) problems page nobody. ONCE
 * covers {@code startsAt} to {@code endsAt}; WEEKLY covers, between those, each of {@code days} from
 * {@code startTime} for {@code durationMinutes}, in the client's {@code zone}.
 */
public record MaintenanceWindow(UUID id, UUID clientId, UUID deviceId, Instant startsAt, Instant endsAt, String reason, String createdBy,
                                UUID siteId, String recurrence, List<String> days, LocalTime startTime, Integer durationMinutes, String zone) {

    public boolean covers(Instant at) {
        if (at.isBefore(startsAt) || !at.isBefore(endsAt)) {
            return false;
        }
        return !"WEEKLY".equals(recurrence) || weekly().covers(at);
    }

    RecurringWindow weekly() {
        return new RecurringWindow(days.stream().map(DayOfWeek::valueOf).collect(Collectors.toSet()), startTime,
                Duration.ofMinutes(durationMinutes), ZoneId.of(zone));
    }

    static List<String> parseDays(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(","));
    }
}
