package io.steward.server.automation.internal.library;

import java.nio.charset.StandardCharsets;

import io.steward.protocol.task.CanonicalText;

/** A script body's identity: the hex SHA-256 of its UTF-8 bytes, as people approve it and agents verify it. */
public final class ScriptHashes {
    private ScriptHashes() {
    }

    public static String sha256(String body) {
        return CanonicalText.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
    }
}
