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
 * that a secret cut by the limit's edge is still whole when it is masked; no part of a secret is ever shown.
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

    /**
     * The last bytes (at most the limit) as UTF-8 text, with every secret value replaced by {@code ***}. Masking is
     * decided on the whole ring (limit plus margin) in bytes, and the window is then the ORIGINAL buffer's last
     * {@code limit} bytes, so a secret that straddles the window's edge is masked in the part inside it. A secret cut by
     * the ring's own start (one longer than the margin, or printed just before it) is masked too: a start of the ring
     * that is the end of a secret, an end of the ring that is the start of one, and a ring wholly inside one.
     */
    public synchronized String tail(Collection<String> secrets) {
        int kept = (int) Math.min(total, ring.length);
        byte[] bytes = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            bytes[i] = ring[(start + i) % ring.length];
        }
        boolean[] masked = new boolean[kept];
        boolean cutAtStart = total > kept;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                mark(bytes, s.getBytes(StandardCharsets.UTF_8), masked, cutAtStart);
            }
        }
        int from = Math.max(0, kept - limit);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(kept - from + 3);
        for (int i = from; i < kept; i++) {
            if (!masked[i]) {
                out.write(bytes[i]);
            } else if (i == from || !masked[i - 1]) {
                out.writeBytes(MASK);
            }
        }
        byte[] result = out.toByteArray();
        if (result.length > limit) {
            // Only when a mask of fewer than three bytes opened the window: drop from the front, never showing more.
            result = Arrays.copyOfRange(result, result.length - limit, result.length);
        }
        return new String(result, StandardCharsets.UTF_8);
    }

    private static final byte[] MASK = "***".getBytes(StandardCharsets.US_ASCII);

    private static void mark(byte[] bytes, byte[] secret, boolean[] masked, boolean cutAtStart) {
        int n = bytes.length;
        int m = secret.length;
        for (int i = 0; i + m <= n; i++) {
            if (Arrays.equals(bytes, i, i + m, secret, 0, m)) {
                Arrays.fill(masked, i, i + m, true);
            }
        }
        if (cutAtStart) {
            if (m > n) {
                for (int j = 0; j + n <= m; j++) {
                    if (Arrays.equals(bytes, 0, n, secret, j, j + n)) {
                        Arrays.fill(masked, true);
                        return;
                    }
                }
            }
            for (int k = Math.min(m - 1, n); k >= 1; k--) {
                if (Arrays.equals(bytes, 0, k, secret, m - k, m)) {
                    Arrays.fill(masked, 0, k, true);
                    break;
                }
            }
        }
        // The stream may end in the middle of a secret (a script killed while printing one).
        for (int k = Math.min(m - 1, n); k >= 1; k--) {
            if (Arrays.equals(bytes, n - k, n, secret, 0, k)) {
                Arrays.fill(masked, n - k, n, true);
                break;
            }
        }
    }
}
