package io.steward.server.tenancy;

import java.time.Instant;
import java.util.Base64;

/**
 * A stored logo: bytes that passed {@link LogoImageCheck}, their type as decided from them, their size in pixels.
 * The bytes are only ever served with {@link #contentType()} and rendered as an image.
 */
public record Logo(LogoInfo info, byte[] image) {

    public String contentType() {
        return info.contentType();
    }

    /** The image as a {@code data:} URI, for renderers that must not fetch anything. */
    public String dataUri() {
        return "data:" + info.contentType() + ";base64," + Base64.getEncoder().encodeToString(image);
    }

    /** What is known about a stored logo without its bytes. */
    public record LogoInfo(String contentType, int width, int height, long bytes, String sha256, Instant updatedAt) {

        /** A name the server makes for the file ({@code stem} is a constant of ours, never user input) with the type's extension. */
        public String fileName(String stem) {
            return stem + (contentType.equals("image/png") ? ".png" : ".jpg");
        }

        /** A short tag that changes with the image: for cache-busting URLs and ETags. */
        public String tag() {
            return sha256.substring(0, 16);
        }
    }
}
