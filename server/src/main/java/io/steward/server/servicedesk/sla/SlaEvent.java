package io.steward.server.servicedesk.sla;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a ticket and moves its SLA clocks. A ticket's list of these events is the only
 * input of {@link SlaClock#evaluate}, which is why every event carries its own instant.
 */
public sealed interface SlaEvent permits SlaEvent.Opened, SlaEvent.TargetsChanged, SlaEvent.WaitingOnClient,
        SlaEvent.Resumed, SlaEvent.FirstResponse, SlaEvent.Resolved, SlaEvent.Reopened {

    Instant at();

    /** The ticket was opened with these targets; both clocks start. */
    record Opened(Instant at, SlaTargets targets) implements SlaEvent {
        public Opened {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(targets, "targets");
        }
    }

    /** Priority, tier or contract changed; due instants are recomputed with the new targets. */
    record TargetsChanged(Instant at, SlaTargets targets) implements SlaEvent {
        public TargetsChanged {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(targets, "targets");
        }
    }

    /** The ticket waits on the client; the resolution clock pauses. */
    record WaitingOnClient(Instant at) implements SlaEvent {
        public WaitingOnClient {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The client answered; the resolution clock runs again. */
    record Resumed(Instant at) implements SlaEvent {
        public Resumed {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The first public reply by staff; stops the response clock. */
    record FirstResponse(Instant at) implements SlaEvent {
        public FirstResponse {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The ticket was resolved; stops the resolution clock (and the response clock if still running). */
    record Resolved(Instant at) implements SlaEvent {
        public Resolved {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The ticket was reopened; the resolution clock resumes where it stopped. */
    record Reopened(Instant at) implements SlaEvent {
        public Reopened {
            Objects.requireNonNull(at, "at");
        }
    }
}
