package io.steward.server.contracts;

import java.util.Map;

import io.steward.server.shared.ContractId;

/** What governs a client's tickets at an instant: the contract, its tier's targets and the calendar in the client's zone. */
public record SlaTerms(ContractId contractId, String contractReference, String tierName, CoverageCalendar calendar,
                       Map<Priority, PriorityTarget> targets) {
}
