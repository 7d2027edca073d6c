package io.steward.server.automation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.server.shared.ClientId;

/**
 * A task as the pages and the API show it: one script version with parameter values on one client's resolved
 * devices, who asked and who decided, and where it stands.
 *
 * @param parameters   the parameters as they are signed (a secret's value is its hash, never the value)
 * @param targetKind   how the devices were chosen: DEVICES, GROUP, SITE or CLIENT ({@code targetId} names the group or
 *                     site)
 * @param state        AWAITING_APPROVAL, REJECTED, APPROVED, RUNNING, DONE, STOPPED, CANCELLED or EXPIRED
 * @param digest       hex SHA-256 of the signed TaskSpec: what the requester and the approver signed
 * @param deviceCount  the number of devices it runs on
 * @param ticketId     the ticket it was raised from, if any
 * @param changeTicketId the change ticket it is tied to, if any
 * @param alertId      the alert a remediation run was started for
 * @param reason       why it was rejected or cancelled, or the signer's refusal
 */
public record Task(UUID id, long number, ClientId clientId, UUID scriptVersionId, String scriptName, String scriptSha256,
                   List<Parameter> parameters, String targetKind, UUID targetId, String schedule, Instant notBefore, Instant notAfter,
                   int maxConcurrent, int stopAfterFailures, String state, String digest, int deviceCount, UUID standardChangeId,
                   UUID requestedBy, String requestedByName, UUID approvedBy, String approvedByName, UUID ticketId, UUID changeTicketId,
                   UUID alertId, String reason, Instant createdAt, Instant decidedAt, Instant finishedAt) {

    /** Whether someone may still approve or reject it. */
    public boolean awaitingApproval() {
        return "AWAITING_APPROVAL".equals(state);
    }

    /** Whether it may still be cancelled. */
    public boolean cancellable() {
        return List.of("AWAITING_APPROVAL", "APPROVED", "RUNNING").contains(state);
    }
}
