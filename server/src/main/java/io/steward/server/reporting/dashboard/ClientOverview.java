package io.steward.server.reporting.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.contracts.ContractInForce;
import io.steward.server.devices.ClientFleet;
import io.steward.server.servicedesk.TicketView;

/**
 * One client at a glance, as the client page's panels show it, gathered through the owning modules' APIs.
 *
 * @param openTickets   the client's open tickets, the nearest running SLA clock first (at most 10)
 * @param openTotal     how many open tickets the client has; a lower bound when {@code openTotalExact} is false
 * @param devices       approved devices online and offline, pending ones, and the first 10 to look at
 * @param contract      the contract in force today in the client's zone; left out when there is none
 * @param latestReport  the newest stored monthly report; left out when there is none
 */
public record ClientOverview(Instant asOf, UUID clientId, String name, List<TicketView> openTickets, long openTotal, boolean openTotalExact,
                             ClientFleet devices, ContractInForce contract, LatestReport.StoredReport latestReport) {
}
