package io.steward.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Set;

import io.steward.protocol.DeviceKeys;

/**
 * The device's private key as PKCS#8 in {@code device.key}. On POSIX file systems the file is
 * created with mode 0600 from the start, so there is no moment in which others could read it;
 * elsewhere (Windows) the directory's ACL has to protect it, which the README says.
 */
public final class PrivateKeyFile {
    public static final String FILE_NAME = "device.key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateKeyFile() {
    }

    public static void write(Path dir, PrivateKey key) {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Files.createFile(tmp, attrs);
            if (posix) {
                // The umask may have narrowed the mode at creation; set it exactly.
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            }
            Files.write(tmp, DeviceKeys.encodePrivate(key), StandardOpenOption.TRUNCATE_EXISTING);
            AtomicFiles.replace(tmp, file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("a concurrent enrollment is writing " + tmp, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the device key " + file, e);
        }
    }

    public static PrivateKey read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return DeviceKeys.decodePrivate(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the device key " + file, e);
        }
    }
}
