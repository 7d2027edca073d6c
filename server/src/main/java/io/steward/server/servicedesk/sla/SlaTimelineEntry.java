package io.steward.server.servicedesk.sla;

import java.time.Instant;
import java.util.Objects;

/** One thing that happened to one clock ({@code "response"} or {@code "resolution"}), for display and audit. */
public record SlaTimelineEntry(Instant at, String clock, Kind kind, String note) {
    public SlaTimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
    }

    public enum Kind { STARTED, PAUSED, RESUMED, WARNED, BREACHED, MET, TARGETS_CHANGED, STOPPED, REOPENED }
}
