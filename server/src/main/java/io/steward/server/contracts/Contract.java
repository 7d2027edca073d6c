package io.steward.server.contracts;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.TierId;

/**
 * A client's contract (MSA or SOW) for a period. {@code calendarId} null means the tier's calendar;
 * {@code endsOn} null means open-ended. Dates are in the client's time zone.
 */
public record Contract(ContractId id, ClientId clientId, String reference, DeliveryModel deliveryModel, TierId tierId,
                       CalendarId calendarId, LocalDate startsOn, LocalDate endsOn, LocalDate renewsOn, BigDecimal uptimeTarget,
                       String scope, String exclusions, PricingModel pricingModel, BigDecimal priceAmount, String currency,
                       int version) {

    public boolean activeOn(LocalDate day) {
        return !day.isBefore(startsOn) && (endsOn == null || !day.isAfter(endsOn));
    }
}
