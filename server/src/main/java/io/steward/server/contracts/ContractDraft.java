package io.steward.server.contracts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The editable fields of a contract. */
public record ContractDraft(@NotBlank @Size(max = 100) String reference,
                            @NotNull DeliveryModel deliveryModel,
                            @NotNull UUID tierId,
                            UUID calendarId,
                            @NotNull LocalDate startsOn,
                            LocalDate endsOn,
                            LocalDate renewsOn,
                            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal uptimeTarget,
                            @Size(max = 4000) String scope,
                            @Size(max = 4000) String exclusions,
                            @NotNull PricingModel pricingModel,
                            @DecimalMin("0") @DecimalMax("9999999999") BigDecimal priceAmount,
                            @Pattern(regexp = "[A-Z]{3}", message = "use a three-letter ISO currency code") String currency) {
}
