package io.steward.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.TaskKeys;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.JsonFiles;
import io.steward.signer.state.SignerHome;
import io.steward.signer.state.SignerLog;
import io.steward.signer.rules.TrustedPasskey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The task signer's command line: {@code init}, {@code trust add|remove}, {@code standard-change revoke}, {@code serve}, {@code rotate}, {@code log verify}
 * and {@code status}. Everything but {@code serve} is for the signer's host only; the server reaches {@code serve}'s
 * channel and nothing else.
 */
@Command(name = "steward-signer", mixinStandardHelpOptions = true, version = "steward-signer 0.1",
        subcommands = {StewardSigner.Init.class, StewardSigner.Trust.class, StewardSigner.StandardChange.class, StewardSigner.Serve.class, StewardSigner.Rotate.class,
                StewardSigner.Log.class, StewardSigner.Status.class},
        description = "Holds Steward's task-signing key and signs only what two people approved with their passkeys.")
public final class StewardSigner implements Runnable {

    public static void main(String[] args) {
        // The JDK's HTTP server waits for ever on a slow client by default; the signing page is reachable by browsers,
        // so a request must arrive, and an answer be taken, within limits (seconds).
        System.setProperty("sun.net.httpserver.maxReqTime", "30");
        System.setProperty("sun.net.httpserver.maxRspTime", "60");
        System.setProperty("sun.net.httpserver.idleInterval", "30");
        System.exit(new CommandLine(new StewardSigner()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static class HomeOption {
        @Option(names = "--home", required = true, description = "The signer's directory (made 0700).")
        Path home;
    }

    static class PassphraseOption {
        @Option(names = "--passphrase-file", description = "File whose first line is the key store's passphrase; "
                + "without it, the environment variable STEWARD_SIGNER_PASSPHRASE.")
        Path passphraseFile;

        char[] passphrase() {
            return HostCommands.passphrase(passphraseFile);
        }
    }

    @Command(name = "init", description = "Make the home: a new Ed25519 task key in a PKCS#12 file, the host settings and a channel token.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Mixin
        HomeOption home;
        @CommandLine.Mixin
        PassphraseOption passphrase;
        @Option(names = "--listen", defaultValue = "127.0.0.1:8744", description = "host:port of the channel (default ${DEFAULT-VALUE}).")
        String listen;
        @Option(names = "--token-file", defaultValue = "channel-token", description = "Channel token file, relative to the home unless absolute; "
                + "made when missing.")
        String tokenFile;
        @Option(names = "--rp-id", defaultValue = "localhost", description = "WebAuthn relying party id of Steward (the domain its passkeys "
                + "are registered for); the signing page's host must be it or a name under it.")
        String rpId;
        @Option(names = "--page-listen", defaultValue = "127.0.0.1:8745", description = "host:port of the signing page (default ${DEFAULT-VALUE}).")
        String pageListen;
        @Option(names = "--page-origin", defaultValue = "http://localhost:8745", description = "The signing page's origin as browsers reach it "
                + "(for example https://signer.msp.example): the only origin the signer accepts passkey assertions from. Not Steward's.")
        String pageOrigin;
        @Option(names = "--steward-origin", split = ",", defaultValue = "https://localhost:8443",
                description = "Steward's web addresses (the page sends signatures back only there), comma-separated.")
        List<String> stewardOrigins;
        @Option(names = "--max-devices-per-task", defaultValue = "1000")
        int maxDevicesPerTask;
        @Option(names = "--max-devices-per-hour", defaultValue = "5000")
        int maxDevicesPerHour;

        @Override
        public Integer call() {
            KeyPair key = HostCommands.init(home.home, passphrase.passphrase(),
                    new HostConfig(listen, tokenFile, rpId, pageListen, pageOrigin, stewardOrigins, maxDevicesPerTask, maxDevicesPerHour), Clock.systemUTC().instant());
            System.out.println("Task-signing key " + TaskKeys.fingerprint(key.getPublic()));
            System.out.println("Trust the first approver with: steward-signer trust add --home " + home.home + " --person ... --approver");
            return 0;
        }
    }

    @Command(name = "trust", description = "Change the keyring on the host.", subcommands = {Trust.Add.class, Trust.Remove.class})
    static final class Trust implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        @Command(name = "add", description = "Trust a passkey without an endorsement (the first approver at install).")
        static final class Add implements Callable<Integer> {
            @CommandLine.Mixin
            HomeOption home;
            @Option(names = "--person", required = true, description = "The person's Steward user id.")
            UUID person;
            @Option(names = "--name", required = true)
            String name;
            @Option(names = "--credential-id", required = true, description = "The passkey's credential id, base64url.")
            String credentialId;
            @Option(names = "--public-key", required = true, description = "The passkey's COSE public key, base64url.")
            String publicKey;
            @Option(names = "--approver", description = "May approve others' tasks and endorse passkeys.")
            boolean approver;

            @Override
            public Integer call() {
                HostCommands.trust(home.home, person, name, credentialId, publicKey, approver, Clock.systemUTC().instant());
                System.out.println("Trusted " + name + (approver ? " (approver)" : "") + ": passkey " + credentialId);
                return 0;
            }
        }

        @Command(name = "remove", description = "Remove a passkey from the keyring (a serving signer stops counting it at once); "
                + "no endorsement can bring it back, only trust add on this host.")
        static final class Remove implements Callable<Integer> {
            @CommandLine.Mixin
            HomeOption home;
            @Option(names = "--credential-id", required = true, description = "The passkey's credential id, base64url.")
            String credentialId;

            @Override
            public Integer call() {
                TrustedPasskey gone = HostCommands.removeTrust(home.home, credentialId, Clock.systemUTC().instant());
                System.out.println("Removed " + gone.displayName() + "'s passkey " + credentialId);
                return 0;
            }
        }
    }

    @Command(name = "standard-change", description = "The standard changes the signer holds.", subcommands = StandardChange.Revoke.class)
    static final class StandardChange implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        @Command(name = "revoke", description = "Stop signing runs under a standard change (a serving signer stops at once); "
                + "it cannot be adopted again.")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.Mixin
            HomeOption home;
            @Option(names = "--id", required = true, description = "The standard change's id.")
            UUID id;

            @Override
            public Integer call() {
                HostCommands.revokeStandardChange(home.home, id, Clock.systemUTC().instant());
                System.out.println("Revoked standard change " + id);
                return 0;
            }
        }
    }

    @Command(name = "serve", description = "Serve the local channel and the signing page until stopped.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        HomeOption home;
        @CommandLine.Mixin
        PassphraseOption passphrase;
        @Option(names = "--stop-with-stdin", description = "Stop when standard input closes (a parent process that started it ended).")
        boolean stopWithStdin;

        @Override
        public Integer call() throws Exception {
            SignerHome h = SignerHome.create(home.home);
            HostConfig config = HostConfig.read(h.config());
            Path tokenFile = home.home.resolve(config.tokenFile());
            String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
            CountDownLatch stop = new CountDownLatch(1);
            try (SigningPage page = new SigningPage(config.pageHost(), config.pagePort(), config.rpId(), config.stewardOrigins());
                 ChannelServer server = new ChannelServer(config.host(), config.port(), token, new TaskSigner(h, config, config.pageOrigin(page.port()),
                         new KeyHolder(h.keyStore(), passphrase.passphrase()), Clock.systemUTC(), new SecureRandom()))) {
                TaskSigner signer = server.signer();
                String url = "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + server.port();
                // Written aside and moved in, so that whoever waits for the file never reads it half written.
                Path pending = h.listening().resolveSibling("listening.tmp");
                Files.writeString(pending, url);
                Files.move(pending, h.listening(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.deleteIfExists(h.listening());
                    } catch (java.io.IOException ignored) {
                        // Stopping anyway.
                    }
                    stop.countDown();
                }));
                System.out.println("steward-signer listening on " + url + ", signing page " + signer.status().signingPage() + ", key "
                        + signer.status().fingerprint());
                if (stopWithStdin) {
                    Thread watch = new Thread(() -> {
                        try {
                            while (System.in.read() >= 0) {
                                // Nothing is read from the parent; only its end matters.
                            }
                        } catch (java.io.IOException ignored) {
                            // Closed either way.
                        }
                        stop.countDown();
                    }, "parent-watch");
                    watch.setDaemon(true);
                    watch.start();
                }
                stop.await();
            }
            Files.deleteIfExists(h.listening());
            return 0;
        }
    }

    @Command(name = "rotate", description = "Make a new key, announced by a rotation statement the old key signs.")
    static final class Rotate implements Callable<Integer> {
        @CommandLine.Mixin
        HomeOption home;
        @CommandLine.Mixin
        PassphraseOption passphrase;

        @Override
        public Integer call() {
            KeyRotation r = HostCommands.rotate(home.home, passphrase.passphrase(), Clock.systemUTC().instant());
            System.out.println("Rotated; statement " + r.statement());
            return 0;
        }
    }

    @Command(name = "log", description = "The signer's log.", subcommands = Log.Verify.class)
    static final class Log implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        @Command(name = "verify", description = "Check the log's hash chain.")
        static final class Verify implements Callable<Integer> {
            @CommandLine.Mixin
            HomeOption home;

            @Override
            public Integer call() {
                SignerLog.Verification v = SignerLog.verify(new SignerHome(home.home).log());
                if (v.intact()) {
                    System.out.println("intact: " + v.lines() + " entries, head " + v.head());
                    return 0;
                }
                System.out.println("BROKEN after " + v.lines() + " intact entries: " + v.problem());
                return 1;
            }
        }
    }

    @Command(name = "status", description = "Print the key, rotations, keyring, standard changes and limits as JSON.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        HomeOption home;
        @CommandLine.Mixin
        PassphraseOption passphrase;

        @Override
        public Integer call() {
            SignerHome h = SignerHome.create(home.home);
            HostConfig config = HostConfig.read(h.config());
            // Offline, the page's configured origin (a port of 0 stays 0: the page picks its port when it serves).
            TaskSigner signer = new TaskSigner(h, config, config.pageOrigin(config.pagePort()), new KeyHolder(h.keyStore(), passphrase.passphrase()),
                    Clock.systemUTC(), new SecureRandom());
            System.out.println(JsonFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(signer.status()));
            return 0;
        }
    }
}
