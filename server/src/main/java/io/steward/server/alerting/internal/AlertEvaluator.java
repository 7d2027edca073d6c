package io.steward.server.alerting.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.protocol.Messages;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.alerting.AlertingProperties;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.shared.DeviceId;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Evaluates the policies of a device on every accepted batch, inside the batch's transaction. Hot
 * path: policies and device profiles come from {@link PolicyCache}, the window and state of each
 * (device, policy, instance) live in memory here, and a table is written only on a transition
 * (raise, clear, flapping), the transitions of a client's batches of one write together. The first
 * batch of a device after a start reads its open alerts once.
 *
 * <p>Window state is per node: after a restart, or when a device's batches move to another node,
 * the windows refill from new samples (an AVG over five minutes needs five minutes again), and a
 * "for" duration starts over. Open alerts are never lost or duplicated: they are in the table, and
 * opening uses the one-open-alert unique index.
 */
@Component
public class AlertEvaluator {
    /** Samples kept per window at most, whatever the window and the sample rate. */
    static final int WINDOW_CAPACITY = 512;

    private final PolicyCache cache;
    private final AlertStore store;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AlertStateMachine.FlapRule flap;
    private final Map<DeviceId, DeviceState> states = new ConcurrentHashMap<>();

    public AlertEvaluator(PolicyCache cache, AlertStore store, JdbcClient jdbc, Clock clock, AlertingProperties properties) {
        this.cache = cache;
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
        this.flap = new AlertStateMachine.FlapRule(properties.flapFlips(), properties.flapWindow());
    }

    /** One policy's window and state machine for one instance. */
    private static final class Track {
        final MetricWindow window;
        final AlertStateMachine machine;

        Track(AlertPolicy p, boolean open, boolean flapping) {
            this.window = new MetricWindow(p.windowSeconds() * 1000L, WINDOW_CAPACITY);
            this.machine = new AlertStateMachine(open, flapping);
        }
    }

    /** One (policy, instance) of a device. */
    private record Key(UUID policy, String instance) {
    }

    /** Everything kept for one device; guarded by its own monitor. */
    private static final class DeviceState {
        /** (policy, instance) -> whether flapping, for the alerts the table had open when the device was first seen. */
        final Map<Key, Boolean> openAtLoad;
        final Map<Key, Track> tracks = new HashMap<>();
        List<AlertPolicy> resolvedFrom;
        DeviceProfile resolvedFor;
        Map<String, List<AlertPolicy>> byMetric = Map.of();

        DeviceState(Map<Key, Boolean> openAtLoad) {
            this.openAtLoad = openAtLoad;
        }
    }

    /** Evaluates a client's batches of one write and writes the transitions they made together. */
    @EventListener
    public void on(ClientSamplesAccepted accepted) {
        List<AlertStore.Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        cache.refreshProfiles(accepted.batches().stream().map(b -> b.device().deviceId()).toList());
        for (SamplesAccepted batch : accepted.batches()) {
            evaluate(batch, now, changes);
        }
        store.apply(changes, now);
    }

    private void evaluate(SamplesAccepted accepted, Instant now, List<AlertStore.Change> changes) {
        if (accepted.samples().isEmpty()) {
            return;
        }
        DeviceId id = accepted.device().deviceId();
        DeviceProfile profile = cache.profile(id);
        if (profile == null) {
            return;
        }
        List<AlertPolicy> policies = cache.policiesOf(profile.clientId());
        DeviceState state = states.get(id);
        if (state == null) {
            // Loaded outside computeIfAbsent: a query must not block other devices hashed to the same bin.
            DeviceState loaded = load(id);
            state = java.util.Objects.requireNonNullElse(states.putIfAbsent(id, loaded), loaded);
        }
        synchronized (state) {
            if (state.resolvedFrom != policies || state.resolvedFor != profile) {
                Map<String, List<AlertPolicy>> byMetric = new HashMap<>();
                java.util.Set<UUID> ids = new java.util.HashSet<>();
                for (AlertPolicy p : PolicyResolver.effective(policies, profile)) {
                    byMetric.computeIfAbsent(p.metric(), k -> new ArrayList<>()).add(p);
                    ids.add(p.id());
                }
                // Windows of policies that no longer apply go; their open alerts stay as the table has them.
                state.tracks.keySet().removeIf(k -> !ids.contains(k.policy()));
                state.byMetric = byMetric;
                state.resolvedFrom = policies;
                state.resolvedFor = profile;
            }
            if (state.byMetric.isEmpty()) {
                return;
            }
            for (Messages.Sample s : accepted.samples()) {
                List<AlertPolicy> matching = state.byMetric.get(s.metric());
                if (matching == null) {
                    continue;
                }
                String instance = s.instance() == null ? "" : s.instance();
                for (AlertPolicy p : matching) {
                    Key key = new Key(p.id(), instance);
                    Track track = state.tracks.get(key);
                    if (track == null) {
                        // Read once: later tracks for this key start from what the machine itself saw.
                        Boolean flapping = state.openAtLoad.remove(key);
                        track = new Track(p, flapping != null, Boolean.TRUE.equals(flapping));
                        state.tracks.put(key, track);
                    }
                    if (!track.window.add(s.at(), s.value())) {
                        continue;
                    }
                    double value = track.window.aggregate(p.aggregation());
                    var transition = track.machine.evaluate(now, value, p.condition(), Duration.ofSeconds(p.forSeconds()), flap);
                    switch (transition) {
                        case RAISE -> changes.add(new AlertStore.Raise(id, profile.clientId(), profile.siteId(), profile.hostname(),
                                profile.criticality(), p.id(), p.name(), p.severity(), p.metric(), instance, value, p.threshold()));
                        case CLEAR -> changes.add(new AlertStore.Clear(id, profile.clientId(), profile.hostname(), p.id(), p.name(), p.metric(), instance,
                                value));
                        case FLAPPING -> changes.add(new AlertStore.Flap(id, profile.clientId(), p.id(), p.name(), instance, value));
                        case NONE -> {
                            continue;
                        }
                    }
                }
            }
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Memory moved with the batch (windows took its samples, perhaps a transition wrote rows): a rollback takes the
            // batch back and it will come again, so forget the device and reload it from the table next time.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        states.remove(id);
                    }
                }
            });
        }
    }

    private DeviceState load(DeviceId id) {
        Map<Key, Boolean> open = new HashMap<>();
        jdbc.sql("SELECT policy_id, instance, flapping FROM alert WHERE device_id = ? AND state = 'OPEN'").param(id.value())
                .query((rs, n) -> open.put(new Key(rs.getObject(1, UUID.class), rs.getString(2)), rs.getBoolean(3))).list();
        return new DeviceState(open);
    }

    /** How many devices this node holds window state for. */
    public int devicesTracked() {
        return states.size();
    }
}
