package io.steward.signer.state;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The signer's settings, in {@code signer.properties} in its home and nowhere else: the server cannot change them.
 *
 * @param listen            host:port of the channel (loopback by default; port 0 picks a free one)
 * @param tokenFile         the file with the channel token every request must carry (relative to the home)
 * @param rpId              the WebAuthn relying party id passkey assertions must be for
 * @param origins           the origins (Steward's web addresses) assertions may come from
 * @param maxDevicesPerTask the largest target set it signs
 * @param maxDevicesPerHour devices it signs orders for in any sliding hour
 */
public record HostConfig(String listen, String tokenFile, String rpId, List<String> origins, int maxDevicesPerTask, int maxDevicesPerHour) {

    public HostConfig {
        origins = List.copyOf(origins);
        if (maxDevicesPerTask < 1 || maxDevicesPerHour < 1) {
            throw new IllegalArgumentException("the limits must be at least 1");
        }
        if (rpId == null || rpId.isBlank() || origins.isEmpty()) {
            throw new IllegalArgumentException("the rp id and at least one origin are required");
        }
    }

    public static HostConfig read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": run init first", e);
        }
        return new HostConfig(p.getProperty("listen", "127.0.0.1:8744"), p.getProperty("token-file", "channel-token"),
                p.getProperty("webauthn.rp-id", "localhost"),
                Arrays.stream(p.getProperty("webauthn.origins", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                Integer.parseInt(p.getProperty("limits.max-devices-per-task", "1000").trim()),
                Integer.parseInt(p.getProperty("limits.max-devices-per-hour", "5000").trim()));
    }

    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("listen", listen);
        p.setProperty("token-file", tokenFile);
        p.setProperty("webauthn.rp-id", rpId);
        p.setProperty("webauthn.origins", String.join(",", origins));
        p.setProperty("limits.max-devices-per-task", Integer.toString(maxDevicesPerTask));
        p.setProperty("limits.max-devices-per-hour", Integer.toString(maxDevicesPerHour));
        try {
            Files.deleteIfExists(file);
            JsonFiles.createPrivate(file);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Steward task signer: changed only on this host; restart the signer after editing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return listen.substring(0, listen.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
