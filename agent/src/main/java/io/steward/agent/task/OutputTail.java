package io.steward.agent.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;

/**
 * One output stream of a run: its byte count and SHA-256 over everything, and only its last bytes kept, in a fixed
 * ring, so a chatty script costs the agent no more memory than its limit. A little more than the limit is kept, so
 * that a secret cut by the limit's edge is still whole when it is masked.
 */
public final class OutputTail {
    private final int limit;
    private final byte[] ring;
    private final MessageDigest digest;
    private long total;

    public OutputTail(int limit, int margin) {
        this.limit = limit;
        this.ring = new byte[Math.max(1, limit + margin)];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void write(byte[] b, int off, int len) {
        digest.update(b, off, len);
        total += len;
        if (len >= ring.length) {
            System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
            // keep the order: the ring now starts at position (total % length)
            rotateTo(ring, (int) (total % ring.length));
            return;
        }
        int pos = (int) ((total - len) % ring.length);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(b, off, ring, pos, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
    }

    /** After a whole-ring copy at 0, moves the bytes so that reading from {@code start} gives them in order. */
    private static void rotateTo(byte[] ring, int start) {
        byte[] copy = ring.clone();
        for (int i = 0; i < ring.length; i++) {
            ring[(start + i) % ring.length] = copy[i];
        }
    }

    public synchronized long bytes() {
        return total;
    }

    public synchronized String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last bytes (at most the limit) as UTF-8 text, with every secret value replaced by {@code ***}. */
    public synchronized String tail(Collection<String> secrets) {
        int kept = (int) Math.min(total, ring.length);
        byte[] bytes = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            bytes[i] = ring[(start + i) % ring.length];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String s : secrets) {
            if (!s.isEmpty()) {
                text = text.replace(s, "***");
            }
        }
        byte[] masked = text.getBytes(StandardCharsets.UTF_8);
        if (masked.length <= limit) {
            return text;
        }
        return new String(Arrays.copyOfRange(masked, masked.length - limit, masked.length), StandardCharsets.UTF_8);
    }
}
