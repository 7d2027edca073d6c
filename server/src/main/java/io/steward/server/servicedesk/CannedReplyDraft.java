package io.steward.server.servicedesk;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A canned reply as written by an MSP admin or service manager; its body may use the placeholders of {@link CannedText}. */
public record CannedReplyDraft(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 20_000) String body) {
}
