package io.steward.server.shared;

/** The request is valid but clashes with the current state (duplicate name, invalid transition): 409. */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String message) {
        this(null, message);
    }

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The form field the conflict belongs to, or null. */
    public String field() {
        return field;
    }
}
