package io.steward.server.notify.internal.mailin;

/**
 * Decides whether a sender has written too much: at most {@code limit} mails within the window. A sender past it (a
 * broken script, a loop with another help desk) has the rest kept in the list, unprocessed and unanswered.
 */
public record SenderRateLimit(int limit) {
    public SenderRateLimit {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    /** True when a mail arrives after {@code earlierInWindow} mails from the same sender within the window. */
    public boolean exceeded(long earlierInWindow) {
        return earlierInWindow >= limit;
    }
}
