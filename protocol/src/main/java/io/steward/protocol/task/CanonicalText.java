package io.steward.protocol.task;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one byte form that people, the signer and the agent sign and verify: a first line naming the kind of
 * statement, then one {@code key=value} line per field in a fixed order, values percent-encoded (UTF-8, every
 * byte outside {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}). No JSON: two writers can never disagree on
 * whitespace, key order or number formats, and a value can never smuggle in a line or another key.
 * Invariant: {@link Reader} accepts exactly what {@link Writer} produces for the same fields, and nothing else
 * (unknown, missing, repeated or reordered keys are refused).
 */
public final class CanonicalText {
    private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,31}");
    private static final Pattern KEY_OR_KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private CanonicalText() {
    }

    public static Writer begin(String kind) {
        return new Writer(kind);
    }

    public static Reader read(byte[] bytes, String kind) {
        return new Reader(bytes, kind);
    }

    /** A statement's kind and its fields in order, values decoded: for showing a statement to the person who signs it. */
    public record Fields(String kind, List<Map.Entry<String, String>> fields) {
    }

    /**
     * Reads any statement field by field without knowing its kind's fields: the same strictness as {@link Reader}
     * (UTF-8, a final newline, keys as written, canonical escapes), so what it shows is exactly what was signed.
     */
    public static Fields fields(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new IllegalArgumentException("not a canonical statement");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (!KEY_OR_KIND.matcher(lines[0]).matches()) {
            throw new IllegalArgumentException("not a statement kind: " + lines[0]);
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq < 0 || !KEY.matcher(lines[i].substring(0, eq)).matches()) {
                throw new IllegalArgumentException("not a key=value line at line " + (i + 1));
            }
            fields.add(Map.entry(lines[i].substring(0, eq), decode(lines[i].substring(eq + 1))));
        }
        return new Fields(lines[0], List.copyOf(fields));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return io.steward.protocol.AgentProtocol.sha256Hex(bytes);
    }

    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                String hex = encoded.substring(i + 1, i + 3);
                if (!hex.equals(hex.toUpperCase()) ) {
                    throw new IllegalArgumentException("escapes are upper case");
                }
                out.write(Integer.parseInt(hex, 16));
                i += 2;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.write(c);
            } else {
                throw new IllegalArgumentException("character not allowed unescaped: " + (int) c);
            }
        }
        String s = out.toString(StandardCharsets.UTF_8);
        if (!encode(s).equals(encoded)) {
            throw new IllegalArgumentException("not the canonical encoding");
        }
        return s;
    }

    /** Builds a statement; fields are written in call order, which each statement type fixes. */
    public static final class Writer {
        private final StringBuilder text = new StringBuilder();

        private Writer(String kind) {
            text.append(kind).append('\n');
        }

        public Writer add(String key, String value) {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("bad key " + key);
            }
            if (value == null) {
                throw new IllegalArgumentException("value of " + key + " is null; write an empty string for none");
            }
            text.append(key).append('=').append(encode(value)).append('\n');
            return this;
        }

        public Writer add(String key, long value) {
            return add(key, Long.toString(value));
        }

        public Writer addAll(String key, List<String> values) {
            add(key + "Count", values.size());
            for (String v : values) {
                add(key, v);
            }
            return this;
        }

        public byte[] bytes() {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Reads a statement back field by field, in the order it was written. */
    public static final class Reader {
        private final String[] lines;
        private int next = 1;

        private Reader(byte[] bytes, String kind) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!text.endsWith("\n") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
                throw new IllegalArgumentException("not a canonical statement");
            }
            this.lines = text.substring(0, text.length() - 1).split("\n", -1);
            if (!lines[0].equals(kind)) {
                throw new IllegalArgumentException("expected a " + kind + " statement, got " + lines[0]);
            }
        }

        public String next(String key) {
            if (next >= lines.length) {
                throw new IllegalArgumentException("missing " + key);
            }
            String line = lines[next];
            int eq = line.indexOf('=');
            if (eq < 0 || !line.substring(0, eq).equals(key)) {
                throw new IllegalArgumentException("expected " + key + " at line " + (next + 1));
            }
            next++;
            return decode(line.substring(eq + 1));
        }

        public long nextLong(String key) {
            String v = next(key);
            try {
                long n = Long.parseLong(v);
                if (!Long.toString(n).equals(v)) {
                    throw new IllegalArgumentException(key + " is not canonical");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not a number", e);
            }
        }

        public List<String> nextAll(String key) {
            long count = nextLong(key + "Count");
            if (count < 0 || count > 100_000) {
                throw new IllegalArgumentException(key + "Count out of range");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(next(key));
            }
            return values;
        }

        /** Refuses trailing lines: a statement means exactly what its fields say. */
        public void end() {
            if (next != lines.length) {
                throw new IllegalArgumentException("unexpected line " + (next + 1));
            }
        }
    }
}
