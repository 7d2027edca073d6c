package io.steward.signer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.util.function.Supplier;

import io.steward.signer.state.TaskKeyStore;

/**
 * The current task key of a serving signer, read again from the key store when the file changed (a rotation on the
 * host), so a rotation takes effect without a restart.
 */
final class KeyHolder implements Supplier<KeyPair> {
    private final Path file;
    private final char[] passphrase;
    private KeyPair key;
    private FileTime loaded;

    KeyHolder(Path file, char[] passphrase) {
        this.file = file;
        this.passphrase = passphrase.clone();
        get();
    }

    @Override
    public synchronized KeyPair get() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (key == null || !modified.equals(loaded)) {
                key = TaskKeyStore.load(file, passphrase);
                loaded = modified;
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
