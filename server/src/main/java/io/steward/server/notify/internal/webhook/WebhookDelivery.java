package io.steward.server.notify.internal.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One event sent to one endpoint, with every attempt. {@code messageId} is the {@code webhook-id} header, the same on
 * every attempt and replay.
 *
 * @param status        PENDING (to be sent at {@code nextAttemptAt}), DELIVERED (a 2xx answer) or DEAD (retries used up,
 *                      or 410 Gone); a dead delivery can be replayed
 * @param payload       the event as the STANDARD format sends it
 */
public record WebhookDelivery(UUID id, String messageId, UUID endpointId, UUID clientId, String eventType, String status, int attemptCount,
                              Instant nextAttemptAt, Instant createdAt, @JsonRawValue @Schema(type = "object", description = "the event as STANDARD endpoints receive it") String payload, List<DeliveryAttempt> attempts) {
    public WebhookDelivery {
        attempts = List.copyOf(attempts);
    }

    /**
     * One try: {@code httpStatus} null when no answer came (refused address, timeout, connection error, with {@code error}).
     *
     * @param responseExcerpt the start of the receiver's answer, for the delivery log
     */
    public record DeliveryAttempt(Instant at, Integer httpStatus, int durationMs, String error, String responseExcerpt) {
    }
}
