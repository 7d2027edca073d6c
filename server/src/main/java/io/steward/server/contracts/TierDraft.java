package io.steward.server.contracts;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A service tier as submitted: exactly one target per priority P1-P4, in minutes. */
public record TierDraft(@NotBlank @Size(max = 100) String name,
                        @Size(max = 1000) String description,
                        @NotNull UUID calendarId,
                        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal uptimeTarget,
                        @NotNull @Size(min = 4, max = 4) List<@Valid @NotNull Target> targets) {

    /** One priority's targets in minutes. */
    public record Target(@NotNull Priority priority, @Min(1) @Max(525_600) int responseMinutes,
                         @Min(1) @Max(525_600) int resolutionMinutes, boolean aroundTheClock) {
    }
}
