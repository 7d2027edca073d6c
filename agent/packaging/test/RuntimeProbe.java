import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import io.steward.agent.collect.InventoryCollector;
import io.steward.agent.collect.MetricsCollector;
import io.steward.agent.transport.AgentJson;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import oshi.SystemInfo;

/**
 * Run by test-packages.sh with the packaged runtime: proves that the trimmed module set is enough for what the agent
 * does besides talking to the server (OSHI through JNA, every collector, Ed25519, the JSON codec). Prints one line
 * per check; exits non-zero on the first failure.
 */
public final class RuntimeProbe {
    public static void main(String[] args) throws Exception {
        Path config = Files.createTempDirectory("probe");
        SystemInfo si = new SystemInfo();
        MetricsCollector metrics = MetricsCollector.forThisMachine(si, config);
        metrics.collect(System.currentTimeMillis());
        Thread.sleep(1100);
        List<Messages.Sample> samples = metrics.collect(System.currentTimeMillis());
        check(samples.stream().anyMatch(s -> s.metric().equals("cpu.utilization")), "cpu.utilization sampled");
        check(samples.stream().anyMatch(s -> s.metric().equals("memory.used_bytes") && s.value() > 0), "memory.used_bytes > 0");
        System.out.println("metrics " + samples.size());
        Messages.Inventory inventory = InventoryCollector.forThisMachine(si).collect(1);
        check(inventory.cores() > 0 && inventory.memoryBytes() > 0, "inventory has cores and memory");
        check(!inventory.software().isEmpty(), "inventory lists installed packages");
        System.out.println("inventory cores=" + inventory.cores() + " software=" + inventory.software().size());
        KeyPair keys = DeviceKeys.generate();
        String signature = DeviceKeys.sign(keys.getPrivate(), "probe");
        check(DeviceKeys.verify(keys.getPublic(), "probe", signature), "Ed25519 signs and verifies");
        String json = new String(AgentJson.write(new Messages.MetricBatch(1, samples)), java.nio.charset.StandardCharsets.UTF_8);
        check(json.contains("cpu.utilization"), "JSON written");
        System.out.println("java.home " + System.getProperty("java.home"));
        System.out.println("probe ok");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }
}
