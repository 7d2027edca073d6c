package io.steward.server.contracts;

/** Ticket priority, P1 most urgent. */
public enum Priority {
    P1, P2, P3, P4;

    public int level() {
        return ordinal() + 1;
    }

    public static Priority ofLevel(int level) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("priority level " + level);
        }
        return values()[level - 1];
    }
}
