package io.steward.signer.rules;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of CBOR (RFC 8949) a COSE_Key uses: unsigned and negative integers, byte and text strings, maps and
 * arrays, definite lengths only. Anything else, or trailing bytes, is refused: a key the signer trusts must be
 * read exactly one way.
 */
final class Cbor {
    private final byte[] in;
    private int pos;

    private Cbor(byte[] in) {
        this.in = in;
    }

    /** The single item the bytes hold; IllegalArgumentException for anything else. */
    static Object decode(byte[] bytes) {
        Cbor c = new Cbor(bytes);
        Object item = c.item(0);
        if (c.pos != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after the CBOR item");
        }
        return item;
    }

    private Object item(int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("CBOR nested too deeply");
        }
        int initial = u8();
        int major = initial >> 5;
        long arg = argument(initial & 0x1f);
        return switch (major) {
            case 0 -> arg;
            case 1 -> -1 - arg;
            case 2 -> bytes(arg);
            case 3 -> new String(bytes(arg), java.nio.charset.StandardCharsets.UTF_8);
            case 4 -> {
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (long i = 0; i < arg; i++) {
                    list.add(item(depth + 1));
                }
                yield list;
            }
            case 5 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < arg; i++) {
                    Object key = item(depth + 1);
                    if (map.put(key, item(depth + 1)) != null) {
                        throw new IllegalArgumentException("duplicate CBOR map key " + key);
                    }
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("CBOR major type " + major + " is not used by COSE keys");
        };
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            default -> throw new IllegalArgumentException("CBOR length form " + info + " is not supported");
        };
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | u8();
        }
        return v;
    }

    private byte[] bytes(long length) {
        if (length > in.length - pos) {
            throw new IllegalArgumentException("CBOR string runs past the end");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, pos, (int) length);
        pos += (int) length;
        return out.toByteArray();
    }

    private int u8() {
        if (pos >= in.length) {
            throw new IllegalArgumentException("CBOR ends early");
        }
        return in[pos++] & 0xff;
    }

    static BigInteger unsigned(byte[] bytes) {
        return new BigInteger(1, bytes);
    }
}
