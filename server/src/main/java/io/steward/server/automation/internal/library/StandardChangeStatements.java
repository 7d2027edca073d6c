package io.steward.server.automation.internal.library;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;

/**
 * Reads a stored standard change statement back. Strict: the bytes must be exactly what the statement read from them
 * writes, so a stored statement means what its fields say and nothing else.
 */
public final class StandardChangeStatements {
    private StandardChangeStatements() {
    }

    public static StandardChangeSpec parse(byte[] bytes) {
        CanonicalText.Reader r = CanonicalText.read(bytes, StandardChangeSpec.KIND);
        UUID id = UUID.fromString(r.next("id"));
        UUID requestedBy = UUID.fromString(r.next("requestedBy"));
        String scriptName = r.next("scriptName");
        String sha = r.next("script");
        String interpreter = r.next("interpreter");
        String runAs = r.next("runAs");
        int maxTimeout = Math.toIntExact(r.nextLong("maxTimeout"));
        int outputLimit = Math.toIntExact(r.nextLong("outputLimit"));
        List<StandardChangeSpec.Allowed> allowed = new ArrayList<>();
        for (String a : r.nextAll("allowed")) {
            String[] parts = a.split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed allowed values");
            }
            List<String> values = parts[2].isEmpty() ? List.of() : Arrays.stream(parts[2].split(",", -1)).map(StandardChangeStatements::decode).toList();
            allowed.add(new StandardChangeSpec.Allowed(decode(parts[0]), Parameter.Delivery.valueOf(parts[1]), values));
        }
        String scope = r.next("scope");
        Instant notAfter = Instant.ofEpochSecond(r.nextLong("notAfter"));
        r.end();
        StandardChangeSpec spec = new StandardChangeSpec(id, requestedBy, scriptName, sha, interpreter, runAs, maxTimeout, outputLimit, allowed,
                scope.isEmpty() ? null : UUID.fromString(scope), notAfter);
        if (!Arrays.equals(spec.canonical(), bytes)) {
            throw new IllegalArgumentException("not the canonical form of a standard change");
        }
        return spec;
    }

    /** Percent-decoding; the canonical writer never writes '+', so URL decoding is exact here (checked by the round trip). */
    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
