package io.steward.agent.security;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * The JSON the system's tools print (lsblk, nft, journalctl, PowerShell's ConvertTo-Json) as maps, lists, strings
 * (numbers kept as their text) and booleans, read with Gson's streaming reader the agent already loads: Gson's tree
 * model would load its type adapter tables, which cost the agent resident memory for nothing.
 */
final class JsonTree {
    private static final int MAX_DEPTH = 64;

    private JsonTree() {
    }

    /** The value of {@code text}; IllegalArgumentException when it is no JSON. Empty text is an empty list (PowerShell prints nothing for no objects). */
    static Object parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.setStrictness(Strictness.LENIENT);
            return value(in, 0);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonReader in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("nested too deep");
        }
        switch (in.peek()) {
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                in.beginArray();
                while (in.hasNext()) {
                    list.add(value(in, depth + 1));
                }
                in.endArray();
                return list;
            }
            case BEGIN_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                in.beginObject();
                while (in.hasNext()) {
                    map.put(in.nextName(), value(in, depth + 1));
                }
                in.endObject();
                return map;
            }
            case BOOLEAN -> {
                return in.nextBoolean();
            }
            case NULL -> {
                in.nextNull();
                return null;
            }
            default -> {
                return in.nextString();
            }
        }
    }

    /** PowerShell's ConvertTo-Json prints one object bare and several as an array: both as a list of objects. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Object json) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (json instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
        } else if (json instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** A field as text ("" when missing or null). */
    static String text(Map<String, Object> object, String name) {
        Object v = object.get(name);
        return v == null ? "" : v.toString();
    }

    /** A field as a boolean: JSON true, or PowerShell's older spellings of it ("True", 1). */
    static boolean truth(Map<String, Object> object, String name) {
        Object v = object.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v == null ? "" : v.toString().strip();
        return s.equalsIgnoreCase("true") || s.equals("1");
    }
}
