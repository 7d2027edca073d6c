package io.steward.server.contracts;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A calendar as submitted. {@code timeZone} blank or null means "the client's zone"; periods and
 * holidays are ignored when {@code alwaysOn}.
 */
public record CalendarDraft(@NotBlank @Size(max = 200) String name,
                            @Size(max = 64) String timeZone,
                            boolean alwaysOn,
                            @NotNull @Size(max = 100) List<@Valid @NotNull Period> periods,
                            @NotNull @Size(max = 400) List<@Valid @NotNull Day> holidays) {

    /** A working period: day of week, start and end as HH:mm (end not after start = overnight). */
    public record Period(@NotBlank String day, @NotBlank String start, @NotBlank String end) {
    }

    /** A holiday: {@code yearly} as --MM-DD or {@code date} as YYYY-MM-DD. */
    public record Day(@NotBlank @Size(max = 100) String name, String yearly, String date) {
    }
}
