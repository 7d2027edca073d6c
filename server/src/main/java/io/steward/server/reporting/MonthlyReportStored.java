package io.steward.server.reporting;

import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A client's monthly service report was stored, for {@code recipients} (the users the report settings name, staff and
 * portal). Published in the storing transaction.
 *
 * @param month the reported month, {@code yyyy-MM}
 */
public record MonthlyReportStored(ClientId clientId, String clientName, String month, List<UUID> recipients) {
    public MonthlyReportStored {
        recipients = List.copyOf(recipients);
    }
}
