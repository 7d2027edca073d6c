package io.steward.agent.transport;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.steward.protocol.Messages;
import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;

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
        Shape<?> shape = SHAPES.get(type);
        if (shape == null) {
            throw new IllegalArgumentException(type.getName() + " is not a protocol message");
        }
        return shape.read(in);
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
        } else if (value instanceof Boolean b) {
            out.value(b.booleanValue());
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
            Shape<?> shape = SHAPES.get(value.getClass());
            if (shape == null) {
                throw new IllegalArgumentException("a " + value.getClass().getName() + " is not part of a protocol message");
            }
            shape.write(out, value);
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

        boolean b(int i) {
            return values[i] != null && (Boolean) values[i];
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
    private static final Item<Boolean> BOOLEAN = in -> {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return false;
        }
        return in.nextBoolean();
    };

    /**
     * How one protocol record is written and read: its components' names in declaration order (the order Jackson
     * writes them in), how each is read, how the record is built from what was read and taken apart to be written.
     * One table per record, so that both directions name the components once.
     */
    private record Shape<T>(Class<T> type, String[] names, Item<?>[] readers, Build<T> build, Function<T, Object[]> values) {
        /** The record, or null for JSON null. */
        T read(JsonReader in) throws IOException {
            Parts p = parts(in, names, readers);
            return p == null ? null : build.from(p);
        }

        void write(JsonWriter out, Object message) throws IOException {
            Object[] v = values.apply(type.cast(message));
            out.beginObject();
            for (int i = 0; i < names.length; i++) {
                out.name(names[i]);
                value(out, v[i]);
            }
            out.endObject();
        }
    }

    @FunctionalInterface
    private interface Build<T> {
        T from(Parts p);
    }

    private static <T> Shape<T> shape(Class<T> type, String[] names, Item<?>[] readers, Build<T> build, Function<T, Object[]> values) {
        return new Shape<>(type, names, readers, build, values);
    }

    private static <T> Item<List<T>> listOf(Shape<T> shape) {
        return in -> list(in, shape::read);
    }

    /** Index of each refused sample and why: object keys are the indexes. */
    private static Map<Integer, String> rejected(JsonReader in) throws IOException {
        return object(in, new HashMap<Integer, String>(), (map, name, r) -> {
            map.put(Integer.valueOf(name), string(r));
            return true;
        });
    }

    // Nested records before the records that hold them: each table refers to the ones it reads.
    private static final Shape<Messages.HttpCheck> HTTP_CHECK = shape(Messages.HttpCheck.class, new String[] {"url", "expectedStatus"},
            new Item<?>[] {STRING, INT}, p -> new Messages.HttpCheck(p.s(0), p.i(1)), m -> new Object[] {m.url(), m.expectedStatus()});
    private static final Shape<Messages.MonitoringConfig> MONITORING_CONFIG = shape(Messages.MonitoringConfig.class,
            new String[] {"metricsSeconds", "heartbeatSeconds", "pingHosts", "httpChecks", "services"},
            new Item<?>[] {INT, INT, STRINGS, listOf(HTTP_CHECK), STRINGS},
            p -> new Messages.MonitoringConfig(p.i(0), p.i(1), p.as(2), p.as(3), p.as(4)),
            m -> new Object[] {m.metricsSeconds(), m.heartbeatSeconds(), m.pingHosts(), m.httpChecks(), m.services()});
    private static final Shape<Messages.Sample> SAMPLE = shape(Messages.Sample.class, new String[] {"metric", "instance", "value", "unit", "at"},
            new Item<?>[] {STRING, STRING, DOUBLE, STRING, LONG}, p -> new Messages.Sample(p.s(0), p.s(1), p.d(2), p.s(3), p.l(4)),
            m -> new Object[] {m.metric(), m.instance(), m.value(), m.unit(), m.at()});
    private static final Shape<Messages.Disk> DISK = shape(Messages.Disk.class, new String[] {"name", "model", "sizeBytes"},
            new Item<?>[] {STRING, STRING, LONG}, p -> new Messages.Disk(p.s(0), p.s(1), p.l(2)), m -> new Object[] {m.name(), m.model(), m.sizeBytes()});
    private static final Shape<Messages.Nic> NIC = shape(Messages.Nic.class, new String[] {"name", "mac", "addresses"},
            new Item<?>[] {STRING, STRING, STRINGS}, p -> new Messages.Nic(p.s(0), p.s(1), p.as(2)), m -> new Object[] {m.name(), m.mac(), m.addresses()});
    private static final Shape<Messages.Software> SOFTWARE = shape(Messages.Software.class, new String[] {"name", "version", "vendor"},
            new Item<?>[] {STRING, STRING, STRING}, p -> new Messages.Software(p.s(0), p.s(1), p.s(2)), m -> new Object[] {m.name(), m.version(), m.vendor()});

    private static final Item<Integer> NULLABLE_INT = in -> {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        return in.nextInt();
    };
    private static final Item<Long> NULLABLE_LONG = in -> {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        return in.nextLong();
    };
    /** A JSON object of string values (secret values by name), in the order they came. */
    private static final Item<Map<String, String>> STRING_MAP = in -> object(in, new java.util.LinkedHashMap<String, String>(), (map, name, r) -> {
        map.put(name, string(r));
        return true;
    });
    private static final Shape<SignedOrder> SIGNED_ORDER = shape(SignedOrder.class, new String[] {"order", "signature"}, new Item<?>[] {STRING, STRING},
            p -> new SignedOrder(p.s(0), p.s(1)), m -> new Object[] {m.order(), m.signature()});
    private static final Shape<KeyRotation> ROTATION = shape(KeyRotation.class, new String[] {"statement", "signature"}, new Item<?>[] {STRING, STRING},
            p -> new KeyRotation(p.s(0), p.s(1)), m -> new Object[] {m.statement(), m.signature()});
    private static final Shape<TaskMessages.Delivery> DELIVERY = shape(TaskMessages.Delivery.class, new String[] {"order", "script", "secrets"},
            new Item<?>[] {SIGNED_ORDER::read, STRING, STRING_MAP}, p -> new TaskMessages.Delivery(p.as(0), p.s(1), p.as(2)),
            m -> new Object[] {m.order(), m.script(), m.secrets()});

    private static final Shape<PatchMessages.Update> PATCH_UPDATE = shape(PatchMessages.Update.class, new String[] {"name", "arch", "installedVersion",
                    "candidateVersion", "origin", "security", "severity", "cves", "held"},
            new Item<?>[] {STRING, STRING, STRING, STRING, STRING, STRING, STRING, STRINGS, BOOLEAN},
            p -> new PatchMessages.Update(p.s(0), p.s(1), p.s(2), p.s(3), p.s(4), p.s(5), p.s(6), p.as(7), p.b(8)),
            m -> new Object[] {m.name(), m.arch(), m.installedVersion(), m.candidateVersion(), m.origin(), m.security(), m.severity(), m.cves(), m.held()});
    private static final Shape<PatchMessages.Cost> PATCH_COST = shape(PatchMessages.Cost.class, new String[] {"wallMillis", "cpuMillis", "maxRssKib"},
            new Item<?>[] {LONG, LONG, LONG}, p -> new PatchMessages.Cost(p.l(0), p.l(1), p.l(2)),
            m -> new Object[] {m.wallMillis(), m.cpuMillis(), m.maxRssKib()});
    private static final Shape<PatchMessages.ScanPlan> SCAN_PLAN = shape(PatchMessages.ScanPlan.class,
            new String[] {"scanHours", "scanRequestedAt", "refreshMetadata", "refreshJitterMinutes"}, new Item<?>[] {INT, LONG, BOOLEAN, INT},
            p -> new PatchMessages.ScanPlan(p.i(0), p.l(1), p.b(2), p.i(3)),
            m -> new Object[] {m.scanHours(), m.scanRequestedAt(), m.refreshMetadata(), m.refreshJitterMinutes()});

    private static final Shape<BackupMessages.Job> BACKUP_JOB = shape(BackupMessages.Job.class, new String[] {"name", "tool", "repository",
                    "lastAttemptAt", "lastResult", "lastError", "lastSuccessAt", "newestRestorePointAt", "restorePoints", "sizeBytes", "scheduleHours"},
            new Item<?>[] {STRING, STRING, STRING, NULLABLE_LONG, STRING, STRING, NULLABLE_LONG, NULLABLE_LONG, INT, LONG, INT},
            p -> new BackupMessages.Job(p.s(0), p.s(1), p.s(2), p.as(3), p.s(4), p.s(5), p.as(6), p.as(7), p.i(8), p.l(9), p.i(10)),
            m -> new Object[] {m.name(), m.tool(), m.repository(), m.lastAttemptAt(), m.lastResult(), m.lastError(), m.lastSuccessAt(),
                    m.newestRestorePointAt(), m.restorePoints(), m.sizeBytes(), m.scheduleHours()});
    private static final Shape<SecurityCheckMessages.Result> SECURITY_RESULT = shape(SecurityCheckMessages.Result.class,
            new String[] {"check", "status", "evidence", "observedAt"}, new Item<?>[] {STRING, STRING, STRING, NULLABLE_LONG},
            p -> new SecurityCheckMessages.Result(p.s(0), p.s(1), p.s(2), p.as(3)), m -> new Object[] {m.check(), m.status(), m.evidence(), m.observedAt()});
    private static final Shape<SecurityCheckMessages.Plan> SECURITY_PLAN = shape(SecurityCheckMessages.Plan.class,
            new String[] {"everyMinutes", "failedLogonWindowMinutes", "failedLogonThreshold", "allowedPorts", "admins", "maxRebootPendingHours",
                    "maxSecurityUpdateAgeDays"}, new Item<?>[] {INT, INT, INT, STRINGS, STRINGS, INT, INT},
            p -> new SecurityCheckMessages.Plan(p.i(0), p.i(1), p.i(2), p.as(3), p.as(4), p.i(5), p.i(6)),
            m -> new Object[] {m.everyMinutes(), m.failedLogonWindowMinutes(), m.failedLogonThreshold(), m.allowedPorts(), m.admins(),
                    m.maxRebootPendingHours(), m.maxSecurityUpdateAgeDays()});

    /** Every protocol record, by class. */
    private static final Map<Class<?>, Shape<?>> SHAPES = Map.ofEntries(
            entry(shape(Messages.EnrollRequest.class, new String[] {"token", "publicKey", "hostname", "os", "agentVersion"},
                    new Item<?>[] {STRING, STRING, STRING, STRING, STRING}, p -> new Messages.EnrollRequest(p.s(0), p.s(1), p.s(2), p.s(3), p.s(4)),
                    m -> new Object[] {m.token(), m.publicKey(), m.hostname(), m.os(), m.agentVersion()})),
            entry(shape(Messages.EnrollResponse.class, new String[] {"deviceId", "status", "heartbeatSeconds", "serverTime", "signerKey", "clientId"},
                    new Item<?>[] {STRING, STRING, INT, LONG, STRING, STRING},
                    p -> new Messages.EnrollResponse(p.s(0), p.s(1), p.i(2), p.l(3), p.s(4), p.s(5)),
                    m -> new Object[] {m.deviceId(), m.status(), m.heartbeatSeconds(), m.serverTime(), m.signerKey(), m.clientId()})),
            entry(SIGNED_ORDER),
            entry(ROTATION),
            entry(DELIVERY),
            entry(shape(TaskMessages.Poll.class, new String[] {"seq", "waitSeconds", "running"}, new Item<?>[] {LONG, INT, STRINGS},
                    p -> new TaskMessages.Poll(p.l(0), p.i(1), p.as(2)), m -> new Object[] {m.seq(), m.waitSeconds(), m.running()})),
            entry(shape(TaskMessages.PollResponse.class, new String[] {"serverTime", "tasks", "cancel", "rotations"},
                    new Item<?>[] {LONG, listOf(DELIVERY), STRINGS, listOf(ROTATION)},
                    p -> new TaskMessages.PollResponse(p.l(0), p.as(1), p.as(2), p.as(3)), m -> new Object[] {m.serverTime(), m.tasks(), m.cancel(), m.rotations()})),
            entry(shape(TaskMessages.Report.class, new String[] {"seq", "taskId", "state", "reason", "exitCode", "durationMs", "stdoutTail", "stderrTail",
                            "stdoutBytes", "stderrBytes", "stdoutSha256", "stderrSha256", "at"},
                    new Item<?>[] {LONG, STRING, STRING, STRING, NULLABLE_INT, NULLABLE_LONG, STRING, STRING, LONG, LONG, STRING, STRING, LONG},
                    p -> new TaskMessages.Report(p.l(0), p.s(1), p.s(2), p.s(3), p.as(4), p.as(5), p.s(6), p.s(7), p.l(8), p.l(9), p.s(10), p.s(11), p.l(12)),
                    m -> new Object[] {m.seq(), m.taskId(), m.state(), m.reason(), m.exitCode(), m.durationMs(), m.stdoutTail(), m.stderrTail(),
                            m.stdoutBytes(), m.stderrBytes(), m.stdoutSha256(), m.stderrSha256(), m.at()})),
            entry(shape(Messages.Heartbeat.class, new String[] {"seq", "sentAt", "dropped"}, new Item<?>[] {LONG, LONG, LONG},
                    p -> new Messages.Heartbeat(p.l(0), p.l(1), p.l(2)), m -> new Object[] {m.seq(), m.sentAt(), m.dropped()})),
            entry(shape(Messages.HeartbeatResponse.class, new String[] {"status", "heartbeatSeconds", "serverTime", "monitoring", "patches", "security"},
                    new Item<?>[] {STRING, INT, LONG, MONITORING_CONFIG::read, SCAN_PLAN::read, SECURITY_PLAN::read},
                    p -> new Messages.HeartbeatResponse(p.s(0), p.i(1), p.l(2), p.as(3), p.as(4), p.as(5)),
                    m -> new Object[] {m.status(), m.heartbeatSeconds(), m.serverTime(), m.monitoring(), m.patches(), m.security()})),
            entry(SCAN_PLAN),
            entry(PATCH_UPDATE),
            entry(PATCH_COST),
            entry(shape(PatchMessages.Scan.class, new String[] {"seq", "scannedAt", "manager", "rebootRequired", "rebootPackages", "metadataRefreshedAt",
                            "updates", "cost", "error"},
                    new Item<?>[] {LONG, LONG, STRING, BOOLEAN, STRINGS, NULLABLE_LONG, listOf(PATCH_UPDATE), PATCH_COST::read, STRING},
                    p -> new PatchMessages.Scan(p.l(0), p.l(1), p.s(2), p.b(3), p.as(4), p.as(5), p.as(6), p.as(7), p.s(8)),
                    m -> new Object[] {m.seq(), m.scannedAt(), m.manager(), m.rebootRequired(), m.rebootPackages(), m.metadataRefreshedAt(), m.updates(),
                            m.cost(), m.error()})),
            entry(shape(PatchMessages.ScanResponse.class, new String[] {"seq", "accepted", "reason"}, new Item<?>[] {LONG, BOOLEAN, STRING},
                    p -> new PatchMessages.ScanResponse(p.l(0), p.b(1), p.s(2)), m -> new Object[] {m.seq(), m.accepted(), m.reason()})),
            entry(BACKUP_JOB),
            entry(shape(BackupMessages.Report.class, new String[] {"seq", "reportedAt", "jobs"}, new Item<?>[] {LONG, LONG, listOf(BACKUP_JOB)},
                    p -> new BackupMessages.Report(p.l(0), p.l(1), p.as(2)), m -> new Object[] {m.seq(), m.reportedAt(), m.jobs()})),
            entry(shape(BackupMessages.ReportResponse.class, new String[] {"seq", "accepted", "reason"}, new Item<?>[] {LONG, BOOLEAN, STRING},
                    p -> new BackupMessages.ReportResponse(p.l(0), p.b(1), p.s(2)), m -> new Object[] {m.seq(), m.accepted(), m.reason()})),
            entry(SECURITY_RESULT),
            entry(SECURITY_PLAN),
            entry(shape(SecurityCheckMessages.Results.class, new String[] {"seq", "evaluatedAt", "results"}, new Item<?>[] {LONG, LONG, listOf(SECURITY_RESULT)},
                    p -> new SecurityCheckMessages.Results(p.l(0), p.l(1), p.as(2)), m -> new Object[] {m.seq(), m.evaluatedAt(), m.results()})),
            entry(shape(SecurityCheckMessages.ResultsResponse.class, new String[] {"seq", "accepted", "reason", "plan"},
                    new Item<?>[] {LONG, BOOLEAN, STRING, SECURITY_PLAN::read},
                    p -> new SecurityCheckMessages.ResultsResponse(p.l(0), p.b(1), p.s(2), p.as(3)), m -> new Object[] {m.seq(), m.accepted(), m.reason(), m.plan()})),
            entry(MONITORING_CONFIG),
            entry(HTTP_CHECK),
            entry(shape(Messages.Inventory.class, new String[] {"seq", "manufacturer", "model", "serial", "cpu", "cores", "memoryBytes", "osName",
                            "osVersion", "osBuild", "kernel", "disks", "nics", "software", "users"},
                    new Item<?>[] {LONG, STRING, STRING, STRING, STRING, INT, LONG, STRING, STRING, STRING, STRING, listOf(DISK), listOf(NIC),
                            listOf(SOFTWARE), STRINGS},
                    p -> new Messages.Inventory(p.l(0), p.s(1), p.s(2), p.s(3), p.s(4), p.i(5), p.l(6), p.s(7), p.s(8), p.s(9), p.s(10), p.as(11),
                            p.as(12), p.as(13), p.as(14)),
                    m -> new Object[] {m.seq(), m.manufacturer(), m.model(), m.serial(), m.cpu(), m.cores(), m.memoryBytes(), m.osName(),
                            m.osVersion(), m.osBuild(), m.kernel(), m.disks(), m.nics(), m.software(), m.users()})),
            entry(DISK),
            entry(NIC),
            entry(SOFTWARE),
            entry(SAMPLE),
            entry(shape(Messages.MetricBatch.class, new String[] {"seq", "samples"}, new Item<?>[] {LONG, listOf(SAMPLE)},
                    p -> new Messages.MetricBatch(p.l(0), p.as(1)), m -> new Object[] {m.seq(), m.samples()})),
            entry(shape(Messages.BatchResponse.class, new String[] {"seq", "accepted", "rejected"}, new Item<?>[] {LONG, INT, AgentJson::rejected},
                    p -> new Messages.BatchResponse(p.l(0), p.i(1), p.as(2)), m -> new Object[] {m.seq(), m.accepted(), m.rejected()})));

    private static Map.Entry<Class<?>, Shape<?>> entry(Shape<?> shape) {
        return Map.entry(shape.type(), shape);
    }
}
