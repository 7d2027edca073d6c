package io.steward.server.servicedesk;

/** Impact or urgency of a ticket. */
public enum Level {
    HIGH, MEDIUM, LOW;

    public int rank() {
        return ordinal() + 1;
    }

    public static Level ofRank(int rank) {
        return values()[rank - 1];
    }
}
