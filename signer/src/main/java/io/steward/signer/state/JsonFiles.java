package io.steward.signer.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signer's JSON: one mapper for the channel and the state files, strict about unknown fields. State files are
 * written whole to a temporary file beside them and moved into place atomically, so a crash leaves the old file or
 * the new one, never half of one; they are readable by the signer's user only.
 */
public final class JsonFiles {
    public static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private JsonFiles() {
    }

    public static <T> T read(Path file, TypeReference<T> type, T absent) {
        if (!Files.exists(file)) {
            return absent;
        }
        try {
            return JSON.readValue(Files.readAllBytes(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, Object value) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            createPrivate(tmp);
            Files.write(tmp, JSON.writeValueAsBytes(value));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty file readable and writable by its owner only (where the file system has POSIX modes). */
    static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
