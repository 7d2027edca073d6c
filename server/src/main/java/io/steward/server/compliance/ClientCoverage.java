package io.steward.server.compliance;

import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * A client's coverage of one framework, with what people added: not-applicable decisions, manual evidence and findings.
 *
 * @param coverage the rule's outcome ({@link ControlCoverage}); manual evidence is among each control's evidence as fact
 *                 {@link ManualEvidence#FACT}
 * @param facts    per control id, the facts the mapping ties to it (its automated checks); empty for controls no check covers
 */
public record ClientCoverage(ClientId clientId, String clientName, Framework framework, ControlCoverage.Result coverage,
                             java.util.Map<String, List<String>> facts, List<NotApplicable> notApplicable, List<ManualEvidence> manual,
                             List<Finding> findings) {

    /** The control's label as its framework writes it (164.312(b), AC-2) for the tables that hold only its id; the id if unknown. */
    public String label(String controlId) {
        return coverage.controls().stream().filter(c -> c.control().id().equals(controlId)).map(c -> c.control().label()).findFirst()
                .orElse(controlId);
    }
}
