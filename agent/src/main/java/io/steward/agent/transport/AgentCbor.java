package io.steward.agent.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * The agent's CBOR (RFC 8949) for protocol v2: the frames it sends, written so that the protocol's {@code StreamCodec}
 * (Jackson's streaming CBOR, which the server runs) reads them as the same frames, and the frames the server sends, read
 * as {@code StreamCodec} writes them; {@code AgentCborTest} checks both directions against it. By hand for the reason
 * {@link AgentJson} maps records by hand: the agent has a memory bound, and Jackson's streaming layer alone put ~76 more
 * classes into the agent's class-data archive, every page of which is resident (BENCHMARKS.md, "Agent footprint"), for
 * a handful of small frames.
 *
 * <p>Reading takes what a CBOR encoder may write for these frames (maps and arrays of definite or indefinite length,
 * integers and floats of any width, unknown keys skipped) and refuses everything else with {@link MalformedFrame}: tags,
 * nesting deeper than the frames have, lengths beyond the frame, text or bytes longer than the protocol's bounds.
 */
final class AgentCbor {
    private static final int MAX_TEXT = 1024;
    private static final int MAX_DEPTH = 4;
    private static final int BREAK = 0xff;

    /** Bytes that are not a frame the agent reads. */
    static final class MalformedFrame extends RuntimeException {
        MalformedFrame(String message) {
            super(message);
        }
    }

    private AgentCbor() {
    }

    // ---- writing: the agent's frames (hello, declare, batch, alive) ----

    static byte[] encode(StreamFrame frame) {
        Out out = new Out(frame instanceof StreamFrame.Batch b ? 32 + b.size() * 12 : 128);
        if (frame instanceof StreamFrame.Hello h) {
            out.head(5, h.agentVersion() == null ? 3 : 4);
            out.text("t").text("hello");
            out.text("device").text(h.deviceId());
            out.text("sig").text(h.signature());
            if (h.agentVersion() != null) {
                out.text("agent").text(h.agentVersion());
            }
        } else if (frame instanceof StreamFrame.Declare d) {
            out.head(5, 2);
            out.text("t").text("declare");
            out.text("series").head(4, d.series().size());
            for (StreamFrame.SeriesDef s : d.series()) {
                out.head(4, 4);
                out.integer(s.id()).text(s.metric()).text(s.instance() == null ? "" : s.instance()).text(s.unit());
            }
        } else if (frame instanceof StreamFrame.Batch b) {
            if (b.values().length != b.size() || b.offsets().length != b.size()) {
                throw new IllegalArgumentException("a batch's columns have one length");
            }
            out.head(5, 6);
            out.text("t").text("batch");
            out.text("seq").integer(b.seq());
            out.text("base").integer(b.baseAt());
            out.text("s").head(4, b.size());
            for (int id : b.series()) {
                out.integer(id);
            }
            out.text("v").head(4, b.size());
            for (double v : b.values()) {
                out.number(v);
            }
            out.text("o").head(4, b.size());
            for (int o : b.offsets()) {
                out.integer(o);
            }
        } else if (frame instanceof StreamFrame.Alive a) {
            out.head(5, 2);
            out.text("t").text("alive");
            out.text("dropped").integer(a.dropped());
        } else {
            throw new IllegalArgumentException("the agent does not send " + frame.getClass().getSimpleName());
        }
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        /** A major type with its argument, in the fewest bytes (as RFC 8949's preferred serialization). */
        Out head(int major, long argument) {
            int m = major << 5;
            if (argument < 24) {
                write(m | (int) argument);
            } else if (argument < 0x100) {
                write(m | 24);
                write((int) argument);
            } else if (argument < 0x10000) {
                write(m | 25);
                bigEndian(argument, 2);
            } else if (argument < 0x100000000L) {
                write(m | 26);
                bigEndian(argument, 4);
            } else {
                write(m | 27);
                bigEndian(argument, 8);
            }
            return this;
        }

        Out integer(long v) {
            // Negative n is major type 1 with argument -1 - n, i.e. ~n.
            return v >= 0 ? head(0, v) : head(1, ~v);
        }

        Out text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            head(3, b.length);
            writeBytes(b);
            return this;
        }

        /** A double as single precision when that holds it exactly (NaN included), else double. */
        Out number(double v) {
            float f = (float) v;
            if (f == v || Double.isNaN(v)) {
                write(0xfa);
                bigEndian(Float.floatToIntBits(f), 4);
            } else {
                write(0xfb);
                bigEndian(Double.doubleToLongBits(v), 8);
            }
            return this;
        }

        private void bigEndian(long v, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                write((int) (v >>> (8 * i)));
            }
        }
    }

    // ---- reading: the server's frames (challenge, welcome, ack, busy, refused, status) ----

    static StreamFrame decode(byte[] bytes) {
        if (bytes.length > StreamProtocol.MAX_FRAME_BYTES) {
            throw new MalformedFrame("the frame is larger than " + StreamProtocol.MAX_FRAME_BYTES + " bytes");
        }
        In in = new In(bytes);
        String type = null;
        byte[] nonce = null;
        String reason = null;
        Long seq = null;
        Long time = null;
        Long plan = null;
        Long accepted = null;
        Long retry = null;
        boolean again = false;
        Map<Integer, String> rejected = Map.of();
        long fields = in.open(5);
        for (long i = 0; in.more(fields, i); i++) {
            String name = in.text();
            switch (name) {
                case "t" -> type = in.text();
                case "nonce" -> nonce = in.bytes();
                case "reason" -> reason = in.text();
                case "seq" -> seq = in.integer();
                case "time" -> time = in.integer();
                case "plan" -> plan = in.integer();
                case "accepted" -> accepted = in.integer();
                case "retry" -> retry = in.integer();
                case "again" -> again = in.bool();
                case "rejected" -> rejected = in.reasons();
                default -> in.skip(1);
            }
        }
        in.close();
        if (!in.atEnd()) {
            throw new MalformedFrame("a frame is exactly one CBOR map");
        }
        if (type == null) {
            throw new MalformedFrame("a frame names its type (t)");
        }
        return switch (type) {
            case "challenge" -> new StreamFrame.Challenge(need(nonce, "nonce"));
            case "welcome" -> new StreamFrame.Welcome(need(time, "time"));
            case "ack" -> new StreamFrame.Ack(need(seq, "seq"), toInt(need(accepted, "accepted")), again, rejected);
            case "busy" -> new StreamFrame.Busy(need(seq, "seq"), toInt(need(retry, "retry")), reason == null ? "" : reason);
            case "refused" -> new StreamFrame.Refused(need(seq, "seq"), reason == null ? "" : reason, rejected);
            case "status" -> new StreamFrame.Status(need(time, "time"), need(plan, "plan"));
            default -> throw new MalformedFrame("not a frame the server sends: " + type);
        };
    }

    private static <T> T need(T value, String name) {
        if (value == null) {
            throw new MalformedFrame("the frame lacks " + name);
        }
        return value;
    }

    private static int toInt(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedFrame("a number out of range");
        }
        return (int) v;
    }

    private static final class In {
        private final byte[] b;
        private int pos;
        private int depth;

        In(byte[] b) {
            this.b = b;
        }

        boolean atEnd() {
            return pos == b.length;
        }

        private int peek() {
            if (pos >= b.length) {
                throw new MalformedFrame("the frame ends early");
            }
            return b[pos] & 0xff;
        }

        private int next() {
            int v = peek();
            pos++;
            return v;
        }

        /** Reads a head of the given major type: its argument, or -1 for an indefinite length (maps and arrays only). */
        private long head(int major) {
            int initial = next();
            if (initial >> 5 != major) {
                throw new MalformedFrame("expected CBOR major type " + major + ", got " + (initial >> 5));
            }
            return argument(initial & 0x1f, major == 4 || major == 5);
        }

        private long argument(int info, boolean indefiniteAllowed) {
            if (info < 24) {
                return info;
            }
            if (info == 31 && indefiniteAllowed) {
                return -1;
            }
            int n = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new MalformedFrame("unexpected CBOR additional information " + info);
            };
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | next();
            }
            if (v < 0) {
                throw new MalformedFrame("a CBOR argument beyond 63 bits");
            }
            return v;
        }

        /** Opens a map (5) or array (4): its size, or -1 for indefinite; {@link #close} after its last entry. */
        long open(int major) {
            long n = head(major);
            if (++depth > MAX_DEPTH) {
                throw new MalformedFrame("nested deeper than a frame is");
            }
            // Every entry takes at least one byte.
            if (n > b.length - pos) {
                throw new MalformedFrame("a length beyond the frame");
            }
            return n;
        }

        void close() {
            depth--;
        }

        /** Whether a map or array of size {@code n} (-1: indefinite, ended by a break, which this consumes) has entry {@code i}. */
        boolean more(long n, long i) {
            if (n >= 0) {
                return i < n;
            }
            if (peek() == BREAK) {
                pos++;
                return false;
            }
            return true;
        }

        String text() {
            return new String(bytesOf(3), StandardCharsets.UTF_8);
        }

        byte[] bytes() {
            return bytesOf(2);
        }

        private byte[] bytesOf(int major) {
            long n = head(major);
            if (n > MAX_TEXT || n > b.length - pos) {
                throw new MalformedFrame("text or bytes longer than the frame allows");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        long integer() {
            int initial = peek();
            int major = initial >> 5;
            if (major != 0 && major != 1) {
                throw new MalformedFrame("expected a whole number");
            }
            long v = head(major);
            return major == 0 ? v : ~v;
        }

        boolean bool() {
            int v = next();
            if (v != 0xf4 && v != 0xf5) {
                throw new MalformedFrame("expected true or false");
            }
            return v == 0xf5;
        }

        /** The rejected samples: an array of index, reason, index, reason... */
        Map<Integer, String> reasons() {
            long n = open(4);
            if (n > 0 && n % 2 != 0) {
                throw new MalformedFrame("a rejection without its reason");
            }
            Map<Integer, String> out = new LinkedHashMap<>();
            for (long i = 0; more(n, i); i += 2) {
                if (out.size() == StreamProtocol.MAX_SAMPLES) {
                    throw new MalformedFrame("too many rejections");
                }
                out.put(toInt(integer()), text());
            }
            close();
            return out;
        }

        /** Skips {@code items} data items, whatever they are. */
        void skip(long items) {
            for (long i = 0; i < items; i++) {
                int initial = next();
                int major = initial >> 5;
                int info = initial & 0x1f;
                switch (major) {
                    case 0, 1 -> argument(info, false);
                    case 2, 3 -> {
                        long n = argument(info, false);
                        if (n > b.length - pos) {
                            throw new MalformedFrame("a length beyond the frame");
                        }
                        pos += (int) n;
                    }
                    case 4, 5 -> {
                        pos--;
                        long n = open(major);
                        for (long j = 0; more(n, j); j++) {
                            skip(major == 5 ? 2 : 1);
                        }
                        close();
                    }
                    case 7 -> {
                        if (info >= 24 && info <= 27) {
                            argument(info, false); // a one-byte simple value, or a half, single or double float
                        } else if (info > 27) {
                            throw new MalformedFrame("unexpected CBOR break or reserved value");
                        }
                    }
                    default -> throw new MalformedFrame("CBOR tags are not part of a frame");
                }
            }
        }
    }
}
