package io.steward.server.alerting.internal.inbound;

import java.time.Instant;
import java.util.List;

/**
 * One alert as another monitor reported it, whatever its format: its identity at the source ({@code fingerprint}),
 * whether it fires or resolved, what to call it, its normalised severity ({@link InboundSeverity}), the host names it
 * names (candidates for a device of the source's client, in the order tried), when it started at the source and, for a
 * resolved one, when it ended there (null: unknown).
 */
public record InboundAlert(String fingerprint, boolean firing, String title, String description, String severity, List<String> hosts,
                           Instant startsAt, Instant endsAt) {
}
