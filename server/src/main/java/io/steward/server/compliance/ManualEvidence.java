package io.steward.server.compliance;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * Evidence a person attached to a control (for controls no check covers): a note, optionally with a document. It counts
 * as passing evidence for the control from {@code addedAt} until {@code expiresAt}.
 *
 * @param fileName the uploaded document's name as the uploader gave it (reduced to a plain name), or null for a note
 */
public record ManualEvidence(UUID id, ClientId clientId, String framework, String controlId, String note, String fileName, Long fileSize,
                             String fileSha256, String addedBy, Instant addedAt, Instant expiresAt) {
    /** The fact id under which manual evidence appears among a control's evidence. */
    public static final String FACT = "manual";

    public Evidence asEvidence() {
        return new Evidence(FACT, true, addedAt, expiresAt, fileName == null ? note : note + " (document: " + fileName + ")",
                fileSha256 == null ? "" : "sha256 " + fileSha256);
    }
}
