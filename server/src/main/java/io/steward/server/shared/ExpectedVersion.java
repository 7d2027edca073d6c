package io.steward.server.shared;

/**
 * The version an update was based on, from the request's {@code If-Match} (the ETag of the GET).
 * A controller declares it as a parameter; the web layer reads the header once for all of them:
 * 428 when it is absent, 412 when it cannot be a version of ours ({@link IfMatch#required}).
 */
public record ExpectedVersion(int value) {
}
