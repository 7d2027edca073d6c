package io.steward.server.servicedesk;

/** Which of a ticket's SLA clocks a due instant belongs to: the first response or the resolution. */
public enum DueClock {
    RESPONSE, RESOLUTION;

    /** The word people read: "response" or "resolution". */
    public String word() {
        return this == RESPONSE ? "response" : "resolution";
    }
}
