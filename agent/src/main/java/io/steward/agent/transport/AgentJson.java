package io.steward.agent.transport;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.steward.protocol.Messages;

/**
 * The agent's JSON: the protocol records written and read with Gson's streaming reader and
 * writer, which do the tokenizing, escaping and number formatting. The records are mapped here,
 * field by field, instead of by Gson's reflective binding: building a {@code Gson} instance loads
 * ~140 classes (an adapter class for every JDK type it might meet, reflection over records), and
 * every class costs the agent resident memory (BENCHMARKS.md, "Agent footprint"). The server reads
 * and writes with Jackson; the wire format is the one Jackson uses, which {@code AgentJsonTest}
 * checks both ways: components in declaration order, {@code null} written for null, no HTML
 * escaping, and non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} (so the server can refuse that one sample instead of failing to parse the batch).
 *
 * <p>Reading is strict JSON (RFC 8259) and ignores unknown fields, so an older agent keeps
 * working when the server adds fields; a missing or null field is null, or 0 for a number
 * component. Malformed JSON, JSON that does not fit the type, or no JSON at all is a
 * {@link JsonException}.
 */
public final class AgentJson {
    /** Deeper nesting than any protocol message has; a bound so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 32;

    private AgentJson() {
    }

    /** JSON that is malformed or does not fit the requested type. */
    public static final class JsonException extends RuntimeException {
        JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A protocol message ({@link Messages}) as UTF-8 JSON. */
    public static byte[] write(Object message) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter out = new JsonWriter(text)) {
            out.setHtmlSafe(false);
            out.setSerializeNulls(true);
            value(out, message);
        } catch (IOException | IllegalArgumentException e) {
            throw new JsonException("cannot write a " + message.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one protocol message of the given type; nothing but whitespace may follow it. */
    public static <T> T read(byte[] json, Class<T> type) {
        try (JsonReader in = new JsonReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            in.setStrictness(Strictness.STRICT);
            in.setNestingLimit(MAX_DEPTH);
            if (in.peek() == JsonToken.END_DOCUMENT) {
                throw new JsonException("no JSON value", null);
            }
            T value = type.cast(message(in, type));
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonException("unexpected text after the JSON value at " + in.getPath(), null);
            }
            return value;
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            // NumberFormatException is an IllegalArgumentException: an int out of range, a rejected index that is no number.
            throw new JsonException(e.getMessage(), e);
        }
    }

    private static Object message(JsonReader in, Class<?> type) throws IOException {
        if (type == Messages.EnrollRequest.class) {
            return enrollRequest(in);
        } else if (type == Messages.EnrollResponse.class) {
            return enrollResponse(in);
        } else if (type == Messages.Heartbeat.class) {
            return heartbeat(in);
        } else if (type == Messages.HeartbeatResponse.class) {
            return heartbeatResponse(in);
        } else if (type == Messages.MetricBatch.class) {
            return metricBatch(in);
        } else if (type == Messages.Sample.class) {
            return sample(in);
        } else if (type == Messages.BatchResponse.class) {
            return batchResponse(in);
        } else if (type == Messages.Inventory.class) {
            return inventory(in);
        } else if (type == Messages.Software.class) {
            return software(in);
        }
        throw new IllegalArgumentException(type.getName() + " is not a protocol message the agent reads");
    }

    // ---- writing, in the records' component order (the order Jackson writes them in) ----

    // instanceof chains rather than type switches: each type switch spins a class of its own at run time.
    private static void value(JsonWriter out, Object value) throws IOException {
        if (value == null) {
            out.nullValue();
        } else if (value instanceof String s) {
            out.value(s);
        } else if (value instanceof Long l) {
            out.value(l.longValue());
        } else if (value instanceof Integer i) {
            out.value(i.longValue());
        } else if (value instanceof Double d) {
            number(out, d);
        } else if (value instanceof List<?> list) {
            out.beginArray();
            for (Object item : list) {
                value(out, item);
            }
            out.endArray();
        } else if (value instanceof Map<?, ?> map) {
            out.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.name(String.valueOf(e.getKey()));
                value(out, e.getValue());
            }
            out.endObject();
        } else {
            out.beginObject();
            fields(out, components(value));
            out.endObject();
        }
    }

    /** Non-finite values as Jackson writes them: JSON has no token for them, Gson would refuse them. */
    private static void number(JsonWriter out, double d) throws IOException {
        if (Double.isNaN(d)) {
            out.value("NaN");
        } else if (Double.isInfinite(d)) {
            out.value(d > 0 ? "Infinity" : "-Infinity");
        } else {
            out.value(d);
        }
    }

    /** A protocol record's components as name, value, name, value, … in declaration order. */
    private static Object[] components(Object message) {
        if (message instanceof Messages.EnrollRequest m) {
            return new Object[] {"token", m.token(), "publicKey", m.publicKey(), "hostname", m.hostname(),
                    "os", m.os(), "agentVersion", m.agentVersion()};
        } else if (message instanceof Messages.EnrollResponse m) {
            return new Object[] {"deviceId", m.deviceId(), "status", m.status(),
                    "heartbeatSeconds", m.heartbeatSeconds(), "serverTime", m.serverTime()};
        } else if (message instanceof Messages.Heartbeat m) {
            return new Object[] {"seq", m.seq(), "sentAt", m.sentAt(), "dropped", m.dropped()};
        } else if (message instanceof Messages.HeartbeatResponse m) {
            return new Object[] {"status", m.status(), "heartbeatSeconds", m.heartbeatSeconds(),
                    "serverTime", m.serverTime(), "monitoring", m.monitoring()};
        } else if (message instanceof Messages.MonitoringConfig m) {
            return new Object[] {"metricsSeconds", m.metricsSeconds(), "heartbeatSeconds", m.heartbeatSeconds(),
                    "pingHosts", m.pingHosts(), "httpChecks", m.httpChecks(), "services", m.services()};
        } else if (message instanceof Messages.HttpCheck m) {
            return new Object[] {"url", m.url(), "expectedStatus", m.expectedStatus()};
        } else if (message instanceof Messages.Inventory m) {
            return new Object[] {"seq", m.seq(), "manufacturer", m.manufacturer(), "model", m.model(),
                    "serial", m.serial(), "cpu", m.cpu(), "cores", m.cores(), "memoryBytes", m.memoryBytes(), "osName", m.osName(),
                    "osVersion", m.osVersion(), "osBuild", m.osBuild(), "kernel", m.kernel(), "disks", m.disks(), "nics", m.nics(),
                    "software", m.software(), "users", m.users()};
        } else if (message instanceof Messages.Disk m) {
            return new Object[] {"name", m.name(), "model", m.model(), "sizeBytes", m.sizeBytes()};
        } else if (message instanceof Messages.Nic m) {
            return new Object[] {"name", m.name(), "mac", m.mac(), "addresses", m.addresses()};
        } else if (message instanceof Messages.Software m) {
            return new Object[] {"name", m.name(), "version", m.version(), "vendor", m.vendor()};
        } else if (message instanceof Messages.Sample m) {
            return new Object[] {"metric", m.metric(), "instance", m.instance(), "value", m.value(),
                    "unit", m.unit(), "at", m.at()};
        } else if (message instanceof Messages.MetricBatch m) {
            return new Object[] {"seq", m.seq(), "samples", m.samples()};
        } else if (message instanceof Messages.BatchResponse m) {
            return new Object[] {"seq", m.seq(), "accepted", m.accepted(), "rejected", m.rejected()};
        }
        throw new IllegalArgumentException("a " + message.getClass().getName() + " is not part of a protocol message");
    }

    /** Name, value, name, value, …: a record's components. */
    private static void fields(JsonWriter out, Object[] namesAndValues) throws IOException {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.name((String) namesAndValues[i]);
            value(out, namesAndValues[i + 1]);
        }
    }

    // ---- reading: unknown fields skipped, missing ones null or 0 ----

    /** Reads an object field by field, handing each known name to {@code field}; null for JSON null. */
    private static <B> B object(JsonReader in, B builder, Field<B> field) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        in.beginObject();
        while (in.hasNext()) {
            if (!field.read(builder, in.nextName(), in)) {
                in.skipValue();
            }
        }
        in.endObject();
        return builder;
    }

    @FunctionalInterface
    private interface Field<B> {
        /** Reads the value of {@code name} into the builder; false for a name it does not know. */
        boolean read(B builder, String name, JsonReader in) throws IOException;
    }

    @FunctionalInterface
    private interface Item<T> {
        T read(JsonReader in) throws IOException;
    }

    private static <T> List<T> list(JsonReader in, Item<T> item) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        List<T> list = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            list.add(item.read(in));
        }
        in.endArray();
        return list;
    }

    private static String string(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        return in.nextString();
    }

    private static long longValue(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return 0;
        }
        return in.nextLong();
    }

    private static int intValue(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return 0;
        }
        return in.nextInt();
    }

    /** A number, or one of the three names Jackson writes non-finite values as; null reads as 0. */
    private static double doubleValue(JsonReader in) throws IOException {
        JsonToken token = in.peek();
        switch (token) {
            case NULL -> {
                in.nextNull();
                return 0;
            }
            case NUMBER -> {
                return in.nextDouble();
            }
            case STRING -> {
                String s = in.nextString();
                return switch (s) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> throw new IllegalStateException("expected a number, found the string \"" + s + "\" at " + in.getPath());
                };
            }
            default -> throw new IllegalStateException("expected a number, found " + token + " at " + in.getPath());
        }
    }

    /** Components read so far, by position; turned into the record once its object has ended. */
    private static final class Parts {
        final Object[] values;

        Parts(int size) {
            values = new Object[size];
        }

        String s(int i) {
            return (String) values[i];
        }

        long l(int i) {
            return values[i] == null ? 0 : (Long) values[i];
        }

        int i(int i) {
            return values[i] == null ? 0 : (Integer) values[i];
        }

        double d(int i) {
            return values[i] == null ? 0 : (Double) values[i];
        }

        @SuppressWarnings("unchecked")
        <T> T as(int i) {
            return (T) values[i];
        }
    }

    /**
     * Reads an object whose components are named {@code names} (in order) with the reader at the
     * same position in {@code readers}; unknown names are skipped.
     */
    private static Parts parts(JsonReader in, String[] names, Item<?>[] readers) throws IOException {
        return object(in, new Parts(names.length), (parts, name, reader) -> {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    parts.values[i] = readers[i].read(reader);
                    return true;
                }
            }
            return false;
        });
    }

    private static final Item<String> STRING = AgentJson::string;
    private static final Item<Long> LONG = AgentJson::longValue;
    private static final Item<Integer> INT = AgentJson::intValue;
    private static final Item<Double> DOUBLE = AgentJson::doubleValue;
    private static final Item<List<String>> STRINGS = in -> list(in, STRING);

    private static Messages.EnrollRequest enrollRequest(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"token", "publicKey", "hostname", "os", "agentVersion"},
                new Item<?>[] {STRING, STRING, STRING, STRING, STRING});
        return p == null ? null : new Messages.EnrollRequest(p.s(0), p.s(1), p.s(2), p.s(3), p.s(4));
    }

    private static Messages.EnrollResponse enrollResponse(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"deviceId", "status", "heartbeatSeconds", "serverTime"}, new Item<?>[] {STRING, STRING, INT, LONG});
        return p == null ? null : new Messages.EnrollResponse(p.s(0), p.s(1), p.i(2), p.l(3));
    }

    private static Messages.Heartbeat heartbeat(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"seq", "sentAt", "dropped"}, new Item<?>[] {LONG, LONG, LONG});
        return p == null ? null : new Messages.Heartbeat(p.l(0), p.l(1), p.l(2));
    }

    private static Messages.HeartbeatResponse heartbeatResponse(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"status", "heartbeatSeconds", "serverTime", "monitoring"},
                new Item<?>[] {STRING, INT, LONG, AgentJson::monitoringConfig});
        return p == null ? null : new Messages.HeartbeatResponse(p.s(0), p.i(1), p.l(2), p.as(3));
    }

    private static Messages.MonitoringConfig monitoringConfig(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"metricsSeconds", "heartbeatSeconds", "pingHosts", "httpChecks", "services"},
                new Item<?>[] {INT, INT, STRINGS, r -> list(r, AgentJson::httpCheck), STRINGS});
        return p == null ? null : new Messages.MonitoringConfig(p.i(0), p.i(1), p.as(2), p.as(3), p.as(4));
    }

    private static Messages.HttpCheck httpCheck(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"url", "expectedStatus"}, new Item<?>[] {STRING, INT});
        return p == null ? null : new Messages.HttpCheck(p.s(0), p.i(1));
    }

    private static Messages.MetricBatch metricBatch(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"seq", "samples"}, new Item<?>[] {LONG, r -> list(r, AgentJson::sample)});
        return p == null ? null : new Messages.MetricBatch(p.l(0), p.as(1));
    }

    private static Messages.Sample sample(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"metric", "instance", "value", "unit", "at"}, new Item<?>[] {STRING, STRING, DOUBLE, STRING, LONG});
        return p == null ? null : new Messages.Sample(p.s(0), p.s(1), p.d(2), p.s(3), p.l(4));
    }

    private static Messages.BatchResponse batchResponse(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"seq", "accepted", "rejected"}, new Item<?>[] {LONG, INT, AgentJson::rejected});
        return p == null ? null : new Messages.BatchResponse(p.l(0), p.i(1), p.as(2));
    }

    /** Index of each refused sample and why: object keys are the indexes. */
    private static Map<Integer, String> rejected(JsonReader in) throws IOException {
        return object(in, new HashMap<Integer, String>(), (map, name, r) -> {
            map.put(Integer.valueOf(name), string(r));
            return true;
        });
    }

    private static Messages.Inventory inventory(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"seq", "manufacturer", "model", "serial", "cpu", "cores", "memoryBytes", "osName", "osVersion",
                        "osBuild", "kernel", "disks", "nics", "software", "users"},
                new Item<?>[] {LONG, STRING, STRING, STRING, STRING, INT, LONG, STRING, STRING, STRING, STRING,
                        r -> list(r, AgentJson::disk), r -> list(r, AgentJson::nic), r -> list(r, AgentJson::software), STRINGS});
        return p == null ? null : new Messages.Inventory(p.l(0), p.s(1), p.s(2), p.s(3), p.s(4), p.i(5), p.l(6), p.s(7), p.s(8), p.s(9),
                p.s(10), p.as(11), p.as(12), p.as(13), p.as(14));
    }

    private static Messages.Disk disk(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"name", "model", "sizeBytes"}, new Item<?>[] {STRING, STRING, LONG});
        return p == null ? null : new Messages.Disk(p.s(0), p.s(1), p.l(2));
    }

    private static Messages.Nic nic(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"name", "mac", "addresses"}, new Item<?>[] {STRING, STRING, STRINGS});
        return p == null ? null : new Messages.Nic(p.s(0), p.s(1), p.as(2));
    }

    private static Messages.Software software(JsonReader in) throws IOException {
        Parts p = parts(in, new String[] {"name", "version", "vendor"}, new Item<?>[] {STRING, STRING, STRING});
        return p == null ? null : new Messages.Software(p.s(0), p.s(1), p.s(2));
    }
}
