package io.steward.server.shared;

/** The caller is known and the item visible, but this action is not theirs to take: 403. */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
