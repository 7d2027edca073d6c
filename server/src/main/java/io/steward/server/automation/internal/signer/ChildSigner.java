package io.steward.server.automation.internal.signer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.steward.server.automation.AutomationProperties;
import io.steward.server.automation.SignerHost;

/**
 * The signer as the server's child process (when {@code steward.automation.signer.url} is blank: the demo, the
 * tests, a single-host install): its home under {@code STEWARD_HOME/signer} (0700), initialised on first start with
 * a random passphrase and channel token, started from the built jar, awaited until it listens, its output copied to
 * the server's log, stopped with the server. Its host command line is at hand here ({@link SignerHost}).
 * The key still lives in another process, but on the same host and readable by the same user: for a signer that
 * a compromised server cannot reach, run it as its own service, user and host (README).
 */
final class ChildSigner implements SmartLifecycle, SignerHost {
    private static final Logger LOG = LoggerFactory.getLogger("steward.signer");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path jar;
    private final AutomationProperties.Signer settings;
    private final io.steward.server.identity.IdentityProperties.Webauthn webauthn;
    private volatile Process process;
    private volatile SignerEndpoint endpoint;
    private volatile String failure = "the signer has not started yet";

    /** A child signer checks assertions for the relying party identity registers passkeys for (its first start only). */
    ChildSigner(Path home, Path jar, AutomationProperties.Signer settings, io.steward.server.identity.IdentityProperties.Webauthn webauthn) {
        this.home = home;
        this.jar = jar;
        this.settings = settings;
        this.webauthn = webauthn;
    }

    /** The running child's endpoint, or null: a new one after every start (its signing page may be on another port). */
    SignerEndpoint current() {
        return endpoint;
    }

    SignerEndpoint endpoint() {
        SignerEndpoint e = endpoint;
        if (e == null || process == null || !process.isAlive()) {
            throw new SignerGateway.Unavailable("The task signer is not running: " + failure, null);
        }
        return e;
    }

    @Override
    public synchronized void start() {
        if (!Files.isRegularFile(jar)) {
            failure = "no signer jar at " + jar + " (build it with mvn -pl protocol,signer package, or set steward.automation.signer.jar)";
            LOG.warn("Task signer not started: {}", failure);
            return;
        }
        try {
            Path passphrase = home.resolve("passphrase");
            if (!Files.exists(home.resolve("task-key.p12"))) {
                Files.createDirectories(home.getParent());
                if (!Files.exists(home)) {
                    Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                writePrivate(passphrase, random());
                List<String> init = new ArrayList<>(List.of("init", "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                        "--listen", "127.0.0.1:0", "--rp-id", webauthn.rpId(), "--page-listen", settings.pageListen(), "--page-origin",
                        settings.pageOrigin(), "--steward-origin", String.join(",", webauthn.origins())));
                if (!settings.tokenFile().isBlank()) {
                    init.addAll(List.of("--token-file", Path.of(settings.tokenFile()).toAbsolutePath().toString()));
                }
                run(init);
            }
            Files.deleteIfExists(home.resolve("listening"));
            process = new ProcessBuilder(command(List.of("serve", "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                    // A server that dies without stopping it closes the pipe, and the signer ends with it.
                    "--stop-with-stdin")))
                    .redirectErrorStream(true).start();
            copyToLog(process.getInputStream());
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            // Exists and not blank: a file seen between its creation and its write would give an empty address.
            while (!Files.exists(home.resolve("listening")) || Files.readString(home.resolve("listening")).isBlank()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    failure = "it did not start (exit " + (process.isAlive() ? "none, timed out" : process.exitValue()) + "; see the log)";
                    LOG.error("Task signer: {}", failure);
                    process.destroyForcibly();
                    return;
                }
                Thread.sleep(50);
            }
            String url = Files.readString(home.resolve("listening")).trim();
            endpoint = new SignerEndpoint(url, Files.readString(tokenFile()).trim());
            LOG.info("Task signer started as a child process at {} (home {})", url, home);
        } catch (IOException e) {
            failure = e.toString();
            LOG.error("Task signer not started", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path tokenFile() {
        return settings.tokenFile().isBlank() ? home.resolve("channel-token") : Path.of(settings.tokenFile()).toAbsolutePath();
    }

    @Override
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        process = null;
        endpoint = null;
        failure = "the signer was stopped";
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public void trustOnHost(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver) {
        List<String> args = new ArrayList<>(List.of("trust", "add", "--home", home.toString(), "--person", personId.toString(), "--name",
                displayName, "--credential-id", credentialId, "--public-key", publicKeyCose));
        if (approver) {
            args.add("--approver");
        }
        run(args);
    }

    /** Runs one host command of the signer and waits for it; its output goes to the log. */
    private void run(List<String> args) {
        try {
            Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("steward-signer " + args.getFirst() + " timed out");
            }
            LOG.info("steward-signer {}: {}", args.getFirst(), out.strip());
            if (p.exitValue() != 0) {
                throw new IllegalStateException("steward-signer " + String.join(" ", args.subList(0, 2)) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> command(List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-jar", jar.toString()));
        cmd.addAll(args);
        return cmd;
    }

    private static void copyToLog(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    LOG.info("{}", line);
                }
            } catch (IOException e) {
                LOG.debug("signer output closed", e);
            }
        }, "steward-signer-output");
        t.setDaemon(true);
        t.start();
    }

    private static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
