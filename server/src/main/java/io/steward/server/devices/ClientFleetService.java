package io.steward.server.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers {@link ClientFleet} from the registry's list, under the same scope and online rule. Staff only, like the registry. */
@Service
public class ClientFleetService {
    private static final Map<String, Integer> STATE_ORDER = Map.of("OFFLINE", 0, "PENDING", 1, "ONLINE", 2);

    private final DeviceService devices;
    private final Clock clock;

    ClientFleetService(DeviceService devices, Clock clock) {
        this.devices = devices;
        this.clock = clock;
    }

    /** The client's fleet with its first {@code first} devices. */
    @Transactional(readOnly = true)
    public ClientFleet of(Viewer viewer, ClientId client, int first) {
        Instant now = clock.instant();
        int heartbeat = devices.heartbeatSeconds();
        List<ClientFleet.Entry> all = devices.list(viewer, client, null).stream().filter(d -> !"RETIRED".equals(d.status()))
                .map(d -> new ClientFleet.Entry(d.id(), d.hostname(), d.os(), d.state(now, heartbeat), d.lastSeenAt())).toList();
        long online = all.stream().filter(e -> "ONLINE".equals(e.state())).count();
        long offline = all.stream().filter(e -> "OFFLINE".equals(e.state())).count();
        List<ClientFleet.Entry> shown = all.stream()
                .sorted(Comparator.comparing((ClientFleet.Entry e) -> STATE_ORDER.getOrDefault(e.state(), 3))
                        .thenComparing(ClientFleet.Entry::hostname, String.CASE_INSENSITIVE_ORDER))
                .limit(first).toList();
        return new ClientFleet(online + offline, online, offline, all.size() - online - offline, shown);
    }
}
