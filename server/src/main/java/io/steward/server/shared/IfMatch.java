package io.steward.server.shared;

/**
 * Optimistic concurrency over HTTP: an update must send the version it read as {@code If-Match}
 * (the ETag of the GET, such as {@code "3"}).
 */
public final class IfMatch {
    private IfMatch() {
    }

    /** The version the caller read; 428 when absent, 412 when it cannot be a version of ours. */
    public static int required(String header) {
        if (header == null || header.isBlank()) {
            throw new PreconditionRequiredException();
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "").trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StaleVersionException(-1);
        }
    }

    /** Like {@link #required} but absent means "do not check". */
    public static Integer optional(String header) {
        return header == null || header.isBlank() ? null : required(header);
    }

    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** 200 with the item and its version as the ETag, for the caller's next If-Match. */
    public static <T> org.springframework.http.ResponseEntity<T> ok(T body, int version) {
        return org.springframework.http.ResponseEntity.ok().eTag(etag(version)).body(body);
    }

    /** 201 with the new item's location and its version as the ETag. */
    public static <T> org.springframework.http.ResponseEntity<T> created(String location, T body, int version) {
        return org.springframework.http.ResponseEntity.created(java.net.URI.create(location)).eTag(etag(version)).body(body);
    }

    /** No {@code If-Match} on an update: 428. */
    public static class PreconditionRequiredException extends RuntimeException {
        public PreconditionRequiredException() {
            super("Send the version you read as If-Match (the ETag of the item), so that no one else's change is overwritten.");
        }
    }
}
