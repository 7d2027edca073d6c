package io.steward.server.shared;

import java.util.Map;

/** Input that passed bean validation but breaks a domain rule; answered 400 with field errors. */
public class InvalidInputException extends RuntimeException {
    private final Map<String, String> fieldErrors;

    public InvalidInputException(String field, String message) {
        super(message);
        this.fieldErrors = Map.of(field, message);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
