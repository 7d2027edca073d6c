package io.steward.server.shared;

/** The item does not exist or lies outside the caller's scope; both answer 404 so neither leaks. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
