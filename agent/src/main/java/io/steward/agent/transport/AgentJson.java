package io.steward.agent.transport;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The agent's JSON, written and read with Gson: a small library made for the job (one jar,
 * records supported since 2.10), chosen over Jackson for the agent because it loads far fewer
 * classes (BENCHMARKS.md, "Agent footprint"). The server reads and writes with Jackson; the
 * wire format is the one Jackson uses, which {@code AgentJsonTest} checks both ways:
 * components in declaration order, {@code null} written for null, no HTML escaping, and
 * non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}
 * (so the server can refuse that one sample instead of failing to parse the batch).
 *
 * <p>Reading is strict JSON (RFC 8259) and ignores unknown fields, so an older agent keeps
 * working when the server adds fields; a missing field is null, or 0/false for a primitive.
 * Malformed JSON, JSON that does not fit the type, or no JSON at all is a {@link JsonException}.
 */
public final class AgentJson {
    /** Deeper nesting than any protocol message has; a bound so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 32;

    /**
     * Doubles as Jackson writes and reads them. Gson would refuse to write NaN and infinities
     * (or, when told to, write them as bare tokens that are not JSON).
     */
    private static final TypeAdapter<Double> DOUBLES = new TypeAdapter<Double>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else if (Double.isNaN(value)) {
                out.value("NaN");
            } else if (Double.isInfinite(value)) {
                out.value(value > 0 ? "Infinity" : "-Infinity");
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            JsonToken token = in.peek();
            if (token == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (token == JsonToken.STRING) {
                String s = in.nextString();
                return switch (s) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> throw new JsonSyntaxException("expected a number, found the string \"" + s + "\" at " + in.getPath());
                };
            }
            if (token != JsonToken.NUMBER) {
                throw new JsonSyntaxException("expected a number, found " + token + " at " + in.getPath());
            }
            return in.nextDouble();
        }
    };

    /**
     * JSON {@code null} for a primitive component reads as 0/false, as a missing field does and as
     * the agent's earlier codec read it; Gson alone would refuse the whole message.
     */
    private static final TypeAdapterFactory NULL_AS_ZERO_FOR_PRIMITIVES = new TypeAdapterFactory() {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!raw.isPrimitive()) {
                return null;
            }
            TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
            @SuppressWarnings("unchecked")
            T zero = (T) Array.get(Array.newInstance(raw, 1), 0);
            return new TypeAdapter<T>() {
                @Override
                public void write(JsonWriter out, T value) throws IOException {
                    delegate.write(out, value);
                }

                @Override
                public T read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return zero;
                    }
                    return delegate.read(in);
                }
            };
        }
    };

    // Gson asks the factories registered last first: the null factory wraps whatever comes after
    // it, for double the adapter above.
    private static final Gson GSON = new GsonBuilder()
            .serializeNulls()
            .disableHtmlEscaping()
            .setStrictness(Strictness.STRICT)
            .registerTypeAdapter(double.class, DOUBLES)
            .registerTypeAdapter(Double.class, DOUBLES)
            .registerTypeAdapterFactory(NULL_AS_ZERO_FOR_PRIMITIVES)
            .create();

    private AgentJson() {
    }

    /** JSON that is malformed or does not fit the requested type. */
    public static final class JsonException extends RuntimeException {
        JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] write(Object value) {
        try {
            return GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try (JsonReader reader = GSON.newJsonReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            reader.setNestingLimit(MAX_DEPTH);
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                throw new JsonException("no JSON value", null);
            }
            T value = GSON.fromJson(reader, type);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonException("unexpected text after the JSON value at " + reader.getPath(), null);
            }
            return value;
        } catch (JsonParseException | IllegalStateException | NumberFormatException | IOException e) {
            throw new JsonException(e.getMessage(), e);
        }
    }
}
