package io.steward.protocol.stream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORWriteFeature;

/**
 * Writes and reads {@link StreamFrame}s as CBOR maps with a type key {@code t}, through Jackson's streaming CBOR parser
 * and generator (no data binding: a batch's columns go straight into primitive arrays). Reading is strict where it
 * matters and lenient where it helps later versions: unknown keys are skipped, but a frame of unknown type, a missing
 * field, a wrong type, arrays of different lengths or longer than the protocol's limits, nesting or strings beyond
 * small bounds, or anything after the frame are {@link MalformedFrame}.
 */
public final class StreamCodec {
    private static final int MAX_TEXT = 1024;
    private static final CBORFactory CBOR = CBORFactory.builder()
            .enable(CBORWriteFeature.WRITE_MINIMAL_INTS)
            .enable(CBORWriteFeature.WRITE_MINIMAL_DOUBLES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(MAX_TEXT)
                    .maxDocumentLength(StreamProtocol.MAX_FRAME_BYTES).build())
            .build();

    /** A frame that is not one: the connection that sent it is closed ({@link StreamProtocol#CLOSE_MALFORMED}). */
    public static final class MalformedFrame extends RuntimeException {
        public MalformedFrame(String message) {
            super(message);
        }
    }

    private StreamCodec() {
    }

    public static byte[] encode(StreamFrame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame instanceof StreamFrame.Batch b ? 32 + b.size() * 14 : 64);
        try (JsonGenerator g = CBOR.createGenerator(ObjectWriteContext.empty(), bytes)) {
            g.writeStartObject();
            switch (frame) {
                case StreamFrame.Challenge c -> {
                    type(g, "challenge");
                    g.writeName("nonce");
                    g.writeBinary(c.nonce());
                }
                case StreamFrame.Hello h -> {
                    type(g, "hello");
                    g.writeStringProperty("device", h.deviceId());
                    g.writeStringProperty("sig", h.signature());
                    if (h.agentVersion() != null) {
                        g.writeStringProperty("agent", h.agentVersion());
                    }
                }
                case StreamFrame.Welcome w -> {
                    type(g, "welcome");
                    g.writeNumberProperty("time", w.serverTime());
                }
                case StreamFrame.Declare d -> {
                    type(g, "declare");
                    g.writeName("series");
                    g.writeStartArray();
                    for (StreamFrame.SeriesDef s : d.series()) {
                        g.writeStartArray();
                        g.writeNumber(s.id());
                        g.writeString(s.metric());
                        g.writeString(s.instance() == null ? "" : s.instance());
                        g.writeString(s.unit());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case StreamFrame.Batch b -> {
                    if (b.values().length != b.size() || b.offsets().length != b.size()) {
                        throw new IllegalArgumentException("a batch's columns have one length");
                    }
                    type(g, "batch");
                    g.writeNumberProperty("seq", b.seq());
                    g.writeNumberProperty("base", b.baseAt());
                    g.writeName("s");
                    g.writeArray(b.series(), 0, b.size());
                    g.writeName("v");
                    g.writeArray(b.values(), 0, b.size());
                    g.writeName("o");
                    g.writeArray(b.offsets(), 0, b.size());
                }
                case StreamFrame.Ack a -> {
                    type(g, "ack");
                    g.writeNumberProperty("seq", a.seq());
                    g.writeNumberProperty("accepted", a.accepted());
                    if (a.alreadyStored()) {
                        g.writeBooleanProperty("again", true);
                    }
                    rejected(g, a.rejected());
                }
                case StreamFrame.Busy b -> {
                    type(g, "busy");
                    g.writeNumberProperty("seq", b.seq());
                    g.writeNumberProperty("retry", b.retryAfterSeconds());
                    g.writeStringProperty("reason", b.reason());
                }
                case StreamFrame.Refused r -> {
                    type(g, "refused");
                    g.writeNumberProperty("seq", r.seq());
                    g.writeStringProperty("reason", r.reason());
                    rejected(g, r.rejected());
                }
                case StreamFrame.Alive a -> {
                    type(g, "alive");
                    g.writeNumberProperty("dropped", a.dropped());
                }
                case StreamFrame.Status st -> {
                    type(g, "status");
                    g.writeNumberProperty("time", st.serverTime());
                    g.writeNumberProperty("plan", st.plan());
                }
            }
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void type(JsonGenerator g, String type) {
        g.writeStringProperty("t", type);
    }

    private static void rejected(JsonGenerator g, Map<Integer, String> rejected) {
        if (rejected == null || rejected.isEmpty()) {
            return;
        }
        g.writeName("rejected");
        g.writeStartArray();
        for (Map.Entry<Integer, String> e : rejected.entrySet()) {
            g.writeNumber(e.getKey());
            g.writeString(e.getValue());
        }
        g.writeEndArray();
    }

    /** Reads one frame; {@link MalformedFrame} for anything that is not exactly one valid frame. */
    public static StreamFrame decode(byte[] bytes, int offset, int length) {
        if (length > StreamProtocol.MAX_FRAME_BYTES) {
            throw new MalformedFrame("the frame is larger than " + StreamProtocol.MAX_FRAME_BYTES + " bytes");
        }
        try (JsonParser p = CBOR.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrame("a frame is a CBOR map");
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                f.read(name, value, p);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedFrame("a frame is exactly one CBOR map");
            }
            return f.frame();
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedFrame("not a valid frame: " + e.getMessage());
        }
    }

    public static StreamFrame decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** The fields a frame may have, filled as they come in any order. */
    private static final class Fields {
        String type;
        byte[] nonce;
        String device;
        String sig;
        String agent;
        String reason;
        Long seq;
        Long base;
        Long time;
        Long dropped;
        Long plan;
        Integer accepted;
        Integer retry;
        boolean again;
        int[] series;
        double[] values;
        int[] offsets;
        List<StreamFrame.SeriesDef> declared;
        Map<Integer, String> rejected;

        void read(String name, JsonToken token, JsonParser p) {
            switch (name) {
                case "t" -> type = text(token, p);
                case "nonce" -> nonce = binary(token, p);
                case "device" -> device = text(token, p);
                case "sig" -> sig = text(token, p);
                case "agent" -> agent = text(token, p);
                case "reason" -> reason = text(token, p);
                case "seq" -> seq = integer(token, p);
                case "base" -> base = integer(token, p);
                case "time" -> time = integer(token, p);
                case "dropped" -> dropped = integer(token, p);
                case "plan" -> plan = integer(token, p);
                case "accepted" -> accepted = Math.toIntExact(integer(token, p));
                case "retry" -> retry = Math.toIntExact(integer(token, p));
                case "again" -> again = token == JsonToken.VALUE_TRUE;
                case "s" -> series = ints(token, p);
                case "v" -> values = doubles(token, p);
                case "o" -> offsets = ints(token, p);
                case "series" -> declared = declarations(token, p);
                case "rejected" -> rejected = reasons(token, p);
                default -> p.skipChildren();
            }
        }

        StreamFrame frame() {
            if (type == null) {
                throw new MalformedFrame("a frame names its type (t)");
            }
            return switch (type) {
                case "challenge" -> new StreamFrame.Challenge(need(nonce, "nonce"));
                case "hello" -> new StreamFrame.Hello(need(device, "device"), need(sig, "sig"), agent);
                case "welcome" -> new StreamFrame.Welcome(need(time, "time"));
                case "declare" -> new StreamFrame.Declare(need(declared, "series"));
                case "batch" -> {
                    need(series, "s");
                    need(values, "v");
                    need(offsets, "o");
                    if (values.length != series.length || offsets.length != series.length) {
                        throw new MalformedFrame("a batch's columns s, v and o have one length");
                    }
                    yield new StreamFrame.Batch(need(seq, "seq"), need(base, "base"), series, values, offsets);
                }
                case "ack" -> new StreamFrame.Ack(need(seq, "seq"), need(accepted, "accepted"), again, rejected == null ? Map.of() : rejected);
                case "busy" -> new StreamFrame.Busy(need(seq, "seq"), need(retry, "retry"), reason == null ? "" : reason);
                case "refused" -> new StreamFrame.Refused(need(seq, "seq"), reason == null ? "" : reason, rejected == null ? Map.of() : rejected);
                case "alive" -> new StreamFrame.Alive(dropped == null ? 0 : dropped);
                case "status" -> new StreamFrame.Status(need(time, "time"), need(plan, "plan"));
                default -> throw new MalformedFrame("unknown frame type " + type);
            };
        }

        private static <T> T need(T value, String name) {
            if (value == null) {
                throw new MalformedFrame("the frame lacks " + name);
            }
            return value;
        }
    }

    private static String text(JsonToken token, JsonParser p) {
        if (token != JsonToken.VALUE_STRING) {
            throw new MalformedFrame("expected text at " + p.currentName());
        }
        return p.getString();
    }

    private static byte[] binary(JsonToken token, JsonParser p) {
        if (token != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw new MalformedFrame("expected bytes at " + p.currentName());
        }
        byte[] b = p.getBinaryValue();
        if (b.length > MAX_TEXT) {
            throw new MalformedFrame("bytes too long at " + p.currentName());
        }
        return b;
    }

    private static long integer(JsonToken token, JsonParser p) {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedFrame("expected a whole number at " + p.currentName());
        }
        return p.getLongValue();
    }

    private static void startArray(JsonToken token, JsonParser p) {
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedFrame("expected an array at " + p.currentName());
        }
    }

    private static int[] ints(JsonToken token, JsonParser p) {
        startArray(token, p);
        int[] out = new int[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                throw new MalformedFrame("expected 32-bit whole numbers");
            }
            if (n == StreamProtocol.MAX_SAMPLES) {
                throw new MalformedFrame("more than " + StreamProtocol.MAX_SAMPLES + " samples in a batch");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(StreamProtocol.MAX_SAMPLES, n * 2));
            }
            out[n++] = p.getIntValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] doubles(JsonToken token, JsonParser p) {
        startArray(token, p);
        double[] out = new double[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new MalformedFrame("expected numbers in v");
            }
            if (n == StreamProtocol.MAX_SAMPLES) {
                throw new MalformedFrame("more than " + StreamProtocol.MAX_SAMPLES + " samples in a batch");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(StreamProtocol.MAX_SAMPLES, n * 2));
            }
            out[n++] = p.getDoubleValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static List<StreamFrame.SeriesDef> declarations(JsonToken token, JsonParser p) {
        startArray(token, p);
        List<StreamFrame.SeriesDef> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            if (out.size() == StreamProtocol.MAX_SERIES) {
                throw new MalformedFrame("more than " + StreamProtocol.MAX_SERIES + " series");
            }
            long id = integer(p.nextToken(), p);
            String metric = text(p.nextToken(), p);
            String instance = text(p.nextToken(), p);
            String unit = text(p.nextToken(), p);
            if (p.nextToken() != JsonToken.END_ARRAY || id < 0 || id > Integer.MAX_VALUE) {
                throw new MalformedFrame("a series is [id, metric, instance, unit]");
            }
            out.add(new StreamFrame.SeriesDef((int) id, metric, instance, unit));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedFrame("series is an array of [id, metric, instance, unit]");
        }
        return List.copyOf(out);
    }

    private static Map<Integer, String> reasons(JsonToken token, JsonParser p) {
        startArray(token, p);
        Map<Integer, String> out = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (out.size() == StreamProtocol.MAX_SAMPLES) {
                throw new MalformedFrame("too many rejections");
            }
            out.put(Math.toIntExact(integer(t, p)), text(p.nextToken(), p));
        }
        return out;
    }
}
