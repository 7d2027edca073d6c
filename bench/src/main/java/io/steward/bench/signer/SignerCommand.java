package io.steward.bench.signer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.ChannelServer;
import io.steward.signer.HostCommands;
import io.steward.signer.TaskSigner;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.JsonFiles;
import io.steward.signer.state.SignerHome;
import io.steward.signer.state.TaskKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The task signer's signatures per second (issue 17, target at least 1,000/s): a signer with its real PKCS#12 key,
 * keyring, limits, log and state files in a temporary home, serving its loopback channel; a client posts two-person
 * tasks (real ES256 passkey assertions from two trusted people) one after another and counts the device orders
 * signed. Each task is checked whole by the signer (two assertions, keyring, limits) and then signed once per device.
 */
@Command(name = "signer", mixinStandardHelpOptions = true, description = "Signatures per second of the task signer over its channel.")
public final class SignerCommand implements Callable<Integer> {
    @Option(names = "--tasks", defaultValue = "40", description = "Tasks to sign after the warm-up (default ${DEFAULT-VALUE}).")
    int tasks;
    @Option(names = "--devices", defaultValue = "250", description = "Devices per task, one signed order each (default ${DEFAULT-VALUE}).")
    int devices;
    @Option(names = "--warmup", defaultValue = "10", description = "Tasks signed first and not counted (default ${DEFAULT-VALUE}).")
    int warmup;

    private static final String RP = "bench.example";
    private static final String ORIGIN = "https://bench.example";

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("steward-signer-bench");
        char[] pass = "bench passphrase".toCharArray();
        Instant now = Instant.now();
        HostCommands.init(dir, pass, new HostConfig("127.0.0.1:0", "channel-token", RP, "127.0.0.1:0", ORIGIN, List.of("https://steward.bench.example"), devices,
                (tasks + warmup) * devices + 1), now);
        SoftwarePasskey tech = SoftwarePasskey.create(new byte[]{1});
        SoftwarePasskey manager = SoftwarePasskey.create(new byte[]{2});
        UUID techId = UUID.randomUUID();
        HostCommands.trust(dir, techId, "Tech", tech.credentialId(), tech.publicKeyCose(), false, now);
        HostCommands.trust(dir, UUID.randomUUID(), "Manager", manager.credentialId(), manager.publicKeyCose(), true, now);
        SignerHome home = new SignerHome(dir);
        var key = TaskKeyStore.load(home.keyStore(), pass);
        TaskSigner signer = new TaskSigner(home, HostConfig.read(home.config()), ORIGIN, () -> key, Clock.systemUTC(), new SecureRandom());
        String token = Files.readString(dir.resolve("channel-token"), StandardCharsets.US_ASCII).trim();
        HttpClient http = HttpClient.newHttpClient();
        try (ChannelServer server = new ChannelServer("127.0.0.1", 0, token, signer)) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/sign-task");
            long[] millis = new long[tasks];
            long orders = 0;
            long start = 0;
            for (int i = -warmup; i < tasks; i++) {
                TaskSpec task = task(techId);
                byte[] body = JsonFiles.JSON.writeValueAsBytes(new SignerMessages.SignTask(task,
                        List.of(tech.assertion(task.digest(), RP, ORIGIN), manager.assertion(task.digest(), RP, ORIGIN))));
                if (i == 0) {
                    start = System.nanoTime();
                }
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the signer answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - t0) / 1_000_000;
                    orders += JsonFiles.JSON.readValue(r.body(), SignerMessages.Signed.class).orders().size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(millis);
            System.out.printf("signer: %d tasks x %d devices = %d signed orders in %.2f s: %.0f signatures/s; per task p50 %d ms, p95 %d ms%n",
                    tasks, devices, orders, seconds, orders / seconds, millis[tasks / 2], millis[(int) Math.ceil(tasks * 0.95) - 1]);
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
        }
        return 0;
    }

    private TaskSpec task(UUID requester) {
        List<UUID> ids = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.sort(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TaskSpec(UUID.randomUUID(), UUID.randomUUID(), requester, "Clear temp", "d".repeat(64), "bash", "", 60, 65536,
                List.of(new Parameter("mode", Parameter.Delivery.ARGUMENT, "quick"), new Parameter("LEVEL", Parameter.Delivery.ENVIRONMENT, "2")),
                ids, "now", now, now.plusSeconds(3600), 50, 5, null);
    }
}
