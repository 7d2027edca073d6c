package io.steward.server.platform;

import java.io.IOException;

/** Thrown while reading a request body that turns out larger than the limit: answered 413. */
public class BodyTooLargeException extends IOException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Whether this exception lies anywhere in the cause chain. */
    public static boolean inChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
