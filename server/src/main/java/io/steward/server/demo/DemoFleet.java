package io.steward.server.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.server.devices.DeviceHistory;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.SyntheticSeries;
import io.steward.server.tenancy.Client;
import org.springframework.stereotype.Component;

/**
 * The demo's five devices: enrolled the ordinary way (an auto-approving enrollment token and the enrollment an agent
 * makes), their private keys kept under {@code $STEWARD_HOME/demo-agents} for the live demo agents, and each with the
 * metric curves its history and its live agent share. The file server's data disk fills steadily, so that the fill
 * forecast predicts it full within its one-week horizon.
 */
@Component
class DemoFleet {
    static final int SIZE = 5;
    static final String KEYS = "demo-agents";

    /** A demo device as planned: which client (0 small, 1 medium, 2 large), what it is, and its curves. */
    record Plan(int client, String hostname, String os, String criticality, List<Curve> curves) {
    }

    /** A metric curve of a plan (see {@link SyntheticSeries}). */
    record Curve(String metric, String instance, double base, double slopePerDay, double amplitude, double noise) {
    }

    static final String FILLING_HOST = "alp-muc-fs01";
    static final String OUTAGE_HOST = "hcc-depot-nas01";

    static final List<Plan> PLANS = List.of(
            new Plan(0, "nwd-srv-01", "Windows Server 2022", "CRITICAL", List.of(new Curve("cpu.utilization", "", 22, 0.02, 12, 8),
                    new Curve("memory.used_pct", "", 61, 0.01, 6, 3), new Curve("fs.used_pct", "C:", 48, 0.03, 0.3, 0.2))),
            new Plan(1, FILLING_HOST, "Windows Server 2019", "HIGH", List.of(new Curve("cpu.utilization", "", 35, 0.0, 15, 10),
                    new Curve("memory.used_pct", "", 72, 0.02, 5, 3), new Curve("fs.used_pct", "C:", 55, 0.01, 0.2, 0.2),
                    new Curve("fs.used_pct", "D:", 51, 0.5, 0.2, 0.1))),
            new Plan(1, "alp-nue-wms01", "Ubuntu 22.04", "HIGH", List.of(new Curve("cpu.utilization", "", 48, 0.05, 22, 12),
                    new Curve("memory.used_pct", "", 80, 0.03, 7, 4), new Curve("fs.used_pct", "/", 41, 0.04, 0.3, 0.2))),
            new Plan(2, "hcc-civic-dc01", "Windows Server 2019", "CRITICAL", List.of(new Curve("cpu.utilization", "", 18, 0.01, 9, 6),
                    new Curve("memory.used_pct", "", 55, 0.0, 4, 2), new Curve("fs.used_pct", "C:", 62, 0.02, 0.2, 0.2))),
            new Plan(2, OUTAGE_HOST, "Debian 12", "NORMAL", List.of(new Curve("cpu.utilization", "", 12, 0.0, 6, 5),
                    new Curve("memory.used_pct", "", 38, 0.0, 5, 3), new Curve("fs.used_pct", "/srv", 70, 0.06, 0.2, 0.2))));

    /** A demo device as enrolled. */
    record Member(Plan plan, DeviceId id, ClientId client, PrivateKey key, Instant since) {
    }

    private final DeviceService devices;
    private final DeviceHistory history;

    DemoFleet(DeviceService devices, DeviceHistory history) {
        this.devices = devices;
        this.history = history;
    }

    /** Enrolls every planned device, managed since {@code since} (null: from now), and keeps its key under {@code home}. */
    List<Member> enroll(DemoCast cast, Instant since, Path home) throws IOException {
        Path dir = home.resolve(KEYS);
        Files.createDirectories(dir);
        List<Member> out = new ArrayList<>();
        for (Plan p : PLANS) {
            Client client = cast.clients()[p.client()];
            var site = cast.firstSite().get(client.name());
            var token = devices.createToken(cast.system(), client.id(), site.id(), "Demo " + p.hostname(), Duration.ofHours(1), 1, true);
            KeyPair keys = DeviceKeys.generate();
            Messages.EnrollResponse r = TenantContext.callAsSystem(() -> devices.enroll(new Messages.EnrollRequest(token.secret(),
                    DeviceKeys.encodePublic(keys.getPublic()), p.hostname(), p.os(), "demo"), "127.0.0.1"));
            DeviceId id = new DeviceId(java.util.UUID.fromString(r.deviceId()));
            Instant managed = since != null ? since : Instant.ofEpochSecond(r.serverTime());
            devices.setCriticality(cast.system(), id, p.criticality());
            if (since != null) {
                history.managedSince(cast.system(), id, since);
            }
            DemoSeeder.write(dir.resolve(id + ".key"), List.of(p.hostname(), Base64.getEncoder().encodeToString(DeviceKeys.encodePrivate(keys.getPrivate()))));
            out.add(new Member(p, id, client.id(), keys.getPrivate(), managed));
        }
        return out;
    }

    /** The devices whose keys the first start kept and that are still enrolled, in plan order. */
    List<Member> load(Path home, io.steward.server.shared.Viewer viewer) throws IOException {
        Path dir = home.resolve(KEYS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Member> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".key")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                String name = f.getFileName().toString();
                DeviceId id = new DeviceId(java.util.UUID.fromString(name.substring(0, name.length() - 4)));
                Plan plan = PLANS.stream().filter(p -> p.hostname().equals(lines.get(0))).findFirst().orElse(null);
                io.steward.server.devices.Device device;
                try {
                    device = TenantContext.callAsSystem(() -> devices.get(viewer, id));
                } catch (io.steward.server.shared.NotFoundException gone) {
                    continue;
                }
                if (plan != null && "APPROVED".equals(device.status())) {
                    out.add(new Member(plan, id, device.clientId(), DeviceKeys.decodePrivate(Base64.getDecoder().decode(lines.get(1))),
                            device.enrolledAt()));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(m -> PLANS.indexOf(m.plan())));
        return out;
    }

    /** The curves of a member, anchored where its history starts. */
    static List<SyntheticSeries> series(Member m) {
        Instant anchor = m.since();
        return m.plan().curves().stream()
                .map(c -> new SyntheticSeries(m.id(), m.client(), c.metric(), c.instance(), anchor, c.base(), c.slopePerDay(), c.amplitude(), c.noise()))
                .toList();
    }
}
