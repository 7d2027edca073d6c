package io.steward.server.servicedesk;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A time entry as submitted; {@code workedOn} defaults to today. */
public record TimeEntryDraft(@Min(1) @Max(1440) int minutes, Boolean billable, @NotNull TimeEntry.WorkType workType,
                             @Size(max = 2000) String note, LocalDate workedOn) {
}
