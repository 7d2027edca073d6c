package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages;

/**
 * The monitoring settings the server sent last (hosts to ping, URLs to check, services to
 * watch), shared between the heartbeat that receives them and the collectors that read them on
 * their next round. Empty until the first heartbeat answer carries settings.
 */
public final class MonitoringPlan {
    private static final Messages.MonitoringConfig NONE = new Messages.MonitoringConfig(0, 0, List.of(), List.of(), List.of());
    private volatile Messages.MonitoringConfig config = NONE;

    /** Takes the server's settings; null lists count as empty. */
    public void apply(Messages.MonitoringConfig next) {
        if (next == null) {
            return;
        }
        config = new Messages.MonitoringConfig(next.metricsSeconds(), next.heartbeatSeconds(), copy(next.pingHosts()), copy(next.httpChecks()),
                copy(next.services()));
    }

    public List<String> pingHosts() {
        return config.pingHosts();
    }

    public List<Messages.HttpCheck> httpChecks() {
        return config.httpChecks();
    }

    public List<String> services() {
        return config.services();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }
}
