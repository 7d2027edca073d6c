package io.steward.agent.transport;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's JSON: records (by component name), lists, maps, strings, numbers and booleans.
 * The agent only ever writes and reads the flat records of {@code io.steward.protocol.Messages},
 * so this small codec replaces Jackson, which loaded some 700 classes and was the largest
 * single share of the agent's class metadata (BENCHMARKS.md, "Agent footprint").
 *
 * <p>Output matches what the server's Jackson reads and writes: components in declaration
 * order, {@code null} for null, non-finite doubles as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (so the server can refuse that one sample
 * instead of failing to parse the batch). Reading ignores unknown fields, so an older agent
 * keeps working when the server adds fields; a missing field is null, or 0/false for a
 * primitive. Malformed JSON, or JSON that does not fit the type, is a {@link JsonException}.
 */
public final class AgentJson {
    /** Deeper nesting than any protocol message has; a bound so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 32;

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true);
            }
            return components;
        }
    };

    private AgentJson() {
    }

    /** JSON that is malformed or does not fit the requested type. */
    public static final class JsonException extends RuntimeException {
        JsonException(String message) {
            super(message);
        }

        JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] write(Object value) {
        StringBuilder out = new StringBuilder(256);
        writeValue(out, value, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        Parser parser = new Parser(new String(json, StandardCharsets.UTF_8));
        Object tree = parser.document();
        return type.cast(convert(tree, type, "$"));
    }

    // ---- writing

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested deeper than " + MAX_DEPTH);
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s);
            case Double d -> writeDouble(out, d);
            case Float f -> writeDouble(out, f.doubleValue());
            case Number n -> out.append(n);
            case Boolean b -> out.append(b.booleanValue());
            case Character c -> writeString(out, c.toString());
            case Collection<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeValue(out, item, depth + 1);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(out, String.valueOf(e.getKey()));
                    out.append(':');
                    writeValue(out, e.getValue(), depth + 1);
                }
                out.append('}');
            }
            case Record r -> writeRecord(out, r, depth);
            default -> throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeRecord(StringBuilder out, Record r, int depth) {
        out.append('{');
        RecordComponent[] components = COMPONENTS.get(r.getClass());
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(out, components[i].getName());
            out.append(':');
            Object v;
            try {
                v = components[i].getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new JsonException("cannot read " + r.getClass().getSimpleName() + "." + components[i].getName(), e);
            }
            writeValue(out, v, depth + 1);
        }
        out.append('}');
    }

    private static void writeDouble(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("\"NaN\"");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(d);
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- reading: JSON text -> tree (Map, List, String, Long/Double, Boolean, null) -> the requested type

    private static Object convert(Object node, Type type, String where) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw) && raw.isAssignableFrom(List.class)) {
                return node == null ? null : toList(node, args[0], where);
            }
            if (raw == Map.class) {
                return node == null ? null : toMap(node, args[0], args[1], where);
            }
            throw new JsonException(where + ": unsupported type " + type);
        }
        if (!(type instanceof Class<?> c)) {
            throw new JsonException(where + ": unsupported type " + type);
        }
        if (c.isPrimitive()) {
            return primitive(node, c, where);
        }
        if (node == null || c == Object.class) {
            return node;
        }
        if (c == String.class) {
            if (node instanceof String s) {
                return s;
            }
            throw mismatch(where, "a string", node);
        }
        if (c == Integer.class || c == Long.class || c == Double.class || c == Float.class || c == Boolean.class) {
            return primitive(node, c, where);
        }
        if (c.isRecord()) {
            return toRecord(node, c, where);
        }
        if (c == List.class || c == Collection.class) {
            return toList(node, Object.class, where);
        }
        if (c == Map.class) {
            return toMap(node, String.class, Object.class, where);
        }
        throw new JsonException(where + ": unsupported type " + c.getName());
    }

    private static Object primitive(Object node, Class<?> c, String where) {
        if (c == boolean.class || c == Boolean.class) {
            if (node == null) {
                return c == boolean.class ? Boolean.FALSE : null;
            }
            if (node instanceof Boolean b) {
                return b;
            }
            throw mismatch(where, "true or false", node);
        }
        if (node == null) {
            if (!c.isPrimitive()) {
                return null;
            }
            node = 0L;
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            double d = switch (node) {
                case Number n -> n.doubleValue();
                case String s when s.equals("NaN") -> Double.NaN;
                case String s when s.equals("Infinity") -> Double.POSITIVE_INFINITY;
                case String s when s.equals("-Infinity") -> Double.NEGATIVE_INFINITY;
                default -> throw mismatch(where, "a number", node);
            };
            return c == float.class || c == Float.class ? (Object) (float) d : (Object) d;
        }
        if (!(node instanceof Long l)) {
            throw mismatch(where, "an integer", node);
        }
        if (c == long.class || c == Long.class) {
            return l;
        }
        if (c == int.class || c == Integer.class) {
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new JsonException(where + ": " + l + " does not fit an int");
            }
            return l.intValue();
        }
        throw new JsonException(where + ": unsupported type " + c.getName());
    }

    private static List<Object> toList(Object node, Type element, String where) {
        if (!(node instanceof List<?> items)) {
            throw mismatch(where, "an array", node);
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(convert(items.get(i), element, where + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<Object, Object> toMap(Object node, Type key, Type value, String where) {
        if (!(node instanceof Map<?, ?> fields)) {
            throw mismatch(where, "an object", node);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            String name = (String) e.getKey();
            Object k;
            if (key == String.class || key == Object.class) {
                k = name;
            } else if (key == Integer.class || key == Long.class) {
                try {
                    k = key == Integer.class ? (Object) Integer.parseInt(name) : (Object) Long.parseLong(name);
                } catch (NumberFormatException ex) {
                    throw new JsonException(where + ": key \"" + name + "\" is not a number");
                }
            } else {
                throw new JsonException(where + ": unsupported map key type " + key);
            }
            out.put(k, convert(e.getValue(), value, where + "." + name));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object toRecord(Object node, Class<?> type, String where) {
        if (!(node instanceof Map<?, ?> fields)) {
            throw mismatch(where, "an object", node);
        }
        RecordComponent[] components = COMPONENTS.get(type);
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = convert(fields.get(components[i].getName()), components[i].getGenericType(), where + "." + components[i].getName());
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new JsonException(where + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new JsonException(where + ": cannot make a " + type.getSimpleName(), e);
        }
    }

    private static JsonException mismatch(String where, String expected, Object node) {
        String found = switch (node) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case List<?> l -> "an array";
            default -> "an object";
        };
        return new JsonException(where + ": expected " + expected + ", found " + found);
    }

    /** Strict JSON (RFC 8259) into a tree; integers become Long, other numbers Double. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value(0);
            skipWhitespace();
            if (pos != text.length()) {
                throw error("unexpected text after the JSON value");
            }
            return value;
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Map<String, Object> object(int depth) {
            pos++; // {
            Map<String, Object> out = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a field name");
                }
                String name = string();
                skipWhitespace();
                expect(':');
                out.put(name, value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array(int depth) {
            pos++; // [
            List<Object> out = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                out.add(value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder out = null;
            int start = pos;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    String s = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                    pos++;
                    return s;
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos);
                pos++;
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text.charAt(pos + i), 16);
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        pos += 4;
                        out.append((char) code);
                    }
                    default -> throw error("bad escape \\" + e);
                }
                start = pos;
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw error("bad number");
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) {
                    throw error("bad number");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("bad number");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            String digits = text.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException tooBig) {
                    return Double.parseDouble(digits);
                }
            }
            return Double.parseDouble(digits);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected token");
            }
            pos += word.length();
            return value;
        }

        private void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            return text.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private JsonException error(String message) {
            return new JsonException("malformed JSON at offset " + pos + ": " + message);
        }
    }
}
