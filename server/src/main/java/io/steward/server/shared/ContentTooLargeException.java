package io.steward.server.shared;

/**
 * Input refused because it is larger than a limit the domain sets (such as a logo's bytes): answered 413 by the API,
 * shown beside the field by forms like any other {@link InvalidInputException}.
 */
public class ContentTooLargeException extends InvalidInputException {
    public ContentTooLargeException(String field, String message) {
        super(field, message);
    }
}
