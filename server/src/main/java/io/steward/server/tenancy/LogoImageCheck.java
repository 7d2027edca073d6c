package io.steward.server.tenancy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import io.steward.server.shared.ContentTooLargeException;
import io.steward.server.shared.InvalidInputException;

/**
 * Decides whether uploaded bytes may be stored and served as a logo. Only PNG and JPEG are accepted, and the format
 * is decided from the bytes (their magic number), never from a file name or a declared type. The image must also end
 * where its format says it ends (PNG: the IEND chunk, JPEG: the EOI marker), so nothing can ride along behind it;
 * its dimensions are read from the header and bounded before the pixels are decoded, so a small file cannot expand
 * into gigabytes (a decompression bomb); and it must then decode without error or warning, so a file that only
 * starts like an image (a truncated one, a polyglot) is refused. Pure: no Spring, no clock.
 */
public final class LogoImageCheck {
    /** Largest logo accepted, in bytes. */
    public static final int MAX_BYTES = 512 * 1024;
    /** Largest width and height accepted, in pixels: plenty for print, and at most 16 MiB of pixels once decoded. */
    public static final int MAX_SIDE = 2048;

    static final String FIELD = "file";
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
    private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] JPEG_EOI = {(byte) 0xff, (byte) 0xd9};

    private LogoImageCheck() {
    }

    /** An accepted image: its type, as decided from the bytes, and its size in pixels. */
    public record Accepted(String contentType, int width, int height) {
        /** The file name extension that goes with the type. */
        public String extension() {
            return contentType.equals("image/png") ? "png" : "jpg";
        }
    }

    /**
     * Checks the bytes.
     *
     * @throws ContentTooLargeException when there are more than {@link #MAX_BYTES}
     * @throws InvalidInputException    for anything else that is not an acceptable PNG or JPEG, with a sentence to show
     */
    public static Accepted check(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException(FIELD, "Choose a PNG or JPEG image.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ContentTooLargeException(FIELD, "The logo is larger than " + MAX_BYTES / 1024 + " KiB; use a smaller PNG or JPEG.");
        }
        String type;
        if (startsWith(bytes, PNG_MAGIC)) {
            type = "png";
        } else if (startsWith(bytes, JPEG_MAGIC)) {
            type = "jpeg";
        } else {
            throw new InvalidInputException(FIELD, "Only PNG and JPEG images can be logos (this file is neither, whatever its name says).");
        }
        if (!endsWith(bytes, type.equals("png") ? PNG_IEND : JPEG_EOI)) {
            throw new InvalidInputException(FIELD, "The image is cut short or has data after its end; save it again as " + type.toUpperCase()
                    + ".");
        }
        return decode(bytes, type);
    }

    private static Accepted decode(byte[] bytes, String type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No " + type + " reader in this JDK");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
                throw new InvalidInputException(FIELD, "The logo is " + width + " × " + height + " pixels; at most " + MAX_SIDE + " × "
                        + MAX_SIDE + " are accepted.");
            }
            boolean[] warned = {false};
            reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warned[0] = true);
            reader.read(0);
            if (warned[0]) {
                throw new InvalidInputException(FIELD, "The image is damaged (it decodes only with errors); save it again.");
            }
            return new Accepted("image/" + type, width, height);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            // Decoders throw all sorts of runtime exceptions on hostile input; every one of them means "not an image we take".
            throw new InvalidInputException(FIELD, "The file starts like a " + type.toUpperCase() + " image but cannot be read as one.");
        } finally {
            reader.dispose();
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        int from = bytes.length - suffix.length;
        if (from < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (bytes[from + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
