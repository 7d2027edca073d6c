package io.steward.signer.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The signer's directory (0700): its key store, host configuration, keyring, standard changes, signed tasks, rate
 * window and log. Every change happens under one lock file, so the serving process and the host's command line
 * (trust add, rotate) never overwrite each other's state.
 */
public record SignerHome(Path dir) {

    public static SignerHome create(Path dir) {
        try {
            if (!Files.exists(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            }
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the directory's ACLs are the operator's to set.
            }
            Files.createDirectories(dir.resolve("signed"));
            return new SignerHome(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path keyStore() {
        return dir.resolve("task-key.p12");
    }

    public Path config() {
        return dir.resolve("signer.properties");
    }

    public Path keyring() {
        return dir.resolve("keyring.json");
    }

    public Path standardChanges() {
        return dir.resolve("standard-changes.json");
    }

    /** Credential ids and standard-change ids the host revoked: the channel may not bring them back. */
    public Path revoked() {
        return dir.resolve("revoked.json");
    }

    public Path rotations() {
        return dir.resolve("rotations.json");
    }

    public Path rateWindow() {
        return dir.resolve("rate-window.json");
    }

    public Path log() {
        return dir.resolve("signer.log");
    }

    /** Where a serving signer writes its channel's URL once it listens (deleted when it stops). */
    public Path listening() {
        return dir.resolve("listening");
    }

    public Path signed(String taskDigestHex) {
        if (!taskDigestHex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a digest");
        }
        return dir.resolve("signed").resolve(taskDigestHex + ".json");
    }

    /** Runs {@code work} holding the home's lock (against other processes; callers also synchronise threads). */
    public <T> T locked(java.util.function.Supplier<T> work) {
        // A FileLock is per process: threads of this one queue on the class first.
        synchronized (SignerHome.class) {
            return lockedFile(work);
        }
    }

    private <T> T lockedFile(java.util.function.Supplier<T> work) {
        try (FileChannel ch = FileChannel.open(dir.resolve("state.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
