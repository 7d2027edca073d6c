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
 * @param rpId              the WebAuthn relying party id passkey assertions must be for (Steward's, so that the passkeys
 *                          people registered there work on the signing page too)
 * @param pageListen        host:port the signing page is served on (port 0 picks a free one)
 * @param pageOrigin        the signing page's origin as browsers reach it, and the only origin the signer accepts
 *                          assertions from: a page of Steward's own origin can never produce a signature the signer takes,
 *                          so a sign-in, or a page a compromised server serves, is worth nothing to it. A port of 0 means
 *                          the port the page got ({@code pageListen} with port 0)
 * @param stewardOrigins    Steward's web addresses: the signing page sends signatures back only to these (an entry may end
 *                          in {@code :*} for any port)
 * @param maxDevicesPerTask the largest target set it signs
 * @param maxDevicesPerHour devices it signs orders for in any sliding hour
 */
public record HostConfig(String listen, String tokenFile, String rpId, String pageListen, String pageOrigin, List<String> stewardOrigins,
                         int maxDevicesPerTask, int maxDevicesPerHour) {

    public HostConfig {
        stewardOrigins = List.copyOf(stewardOrigins);
        if (maxDevicesPerTask < 1 || maxDevicesPerHour < 1) {
            throw new IllegalArgumentException("the limits must be at least 1");
        }
        if (rpId == null || rpId.isBlank() || stewardOrigins.isEmpty()) {
            throw new IllegalArgumentException("the rp id and at least one Steward origin are required");
        }
        if (pageOrigin == null || !pageOrigin.matches("https?://[^/:\\s]+(:\\d{1,5})?")) {
            throw new IllegalArgumentException("the signing page's origin must be scheme://host[:port], without a path: " + pageOrigin);
        }
        if (stewardOrigins.contains(pageOrigin)) {
            throw new IllegalArgumentException("the signing page's origin must be its own, not one of Steward's: " + pageOrigin);
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
                p.getProperty("webauthn.rp-id", "localhost"), p.getProperty("page.listen", "127.0.0.1:8745"),
                p.getProperty("page.origin", "http://localhost:8745"),
                // webauthn.origins: the name of Steward's origins before the signer had its own page.
                Arrays.stream(p.getProperty("steward.origins", p.getProperty("webauthn.origins", "")).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(),
                Integer.parseInt(p.getProperty("limits.max-devices-per-task", "1000").trim()),
                Integer.parseInt(p.getProperty("limits.max-devices-per-hour", "5000").trim()));
    }

    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("listen", listen);
        p.setProperty("token-file", tokenFile);
        p.setProperty("webauthn.rp-id", rpId);
        p.setProperty("page.listen", pageListen);
        p.setProperty("page.origin", pageOrigin);
        p.setProperty("steward.origins", String.join(",", stewardOrigins));
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
        return host(listen);
    }

    public int port() {
        return port(listen);
    }

    public String pageHost() {
        return host(pageListen);
    }

    public int pagePort() {
        return port(pageListen);
    }

    /** The page's origin once it listens on {@code boundPort}: a configured port of 0 becomes that port. */
    public String pageOrigin(int boundPort) {
        return pageOrigin.endsWith(":0") ? pageOrigin.substring(0, pageOrigin.length() - 2) + ":" + boundPort : pageOrigin;
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
