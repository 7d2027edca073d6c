package io.steward.server.alerting.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.alerting.AlertPolicy;
import io.steward.server.devices.DeviceProfile;

/**
 * Decides which policies apply to a device. A policy applies when its scope covers the device
 * (default: every device; client; site; one of its groups; the device itself) and no exclusion of
 * it names the device, its site or one of its groups. Among the applicable policies of one metric
 * and severity only the most specific level counts (device over group over site over client over
 * default), so a client can replace a default threshold and a disabled policy switches an inherited
 * one off. Disabled policies are dropped last.
 */
public final class PolicyResolver {

    private PolicyResolver() {
    }

    public static List<AlertPolicy> effective(List<AlertPolicy> policies, DeviceProfile device) {
        Map<String, List<AlertPolicy>> best = new HashMap<>();
        for (AlertPolicy p : policies) {
            if (!covers(p, device) || excluded(p, device)) {
                continue;
            }
            String key = p.metric() + "\u0000" + p.severity();
            List<AlertPolicy> current = best.get(key);
            if (current == null || current.getFirst().level() < p.level()) {
                best.put(key, new ArrayList<>(List.of(p)));
            } else if (current.getFirst().level() == p.level()) {
                current.add(p);
            }
        }
        return best.values().stream().flatMap(List::stream).filter(AlertPolicy::enabled)
                .sorted(Comparator.comparing(AlertPolicy::metric).thenComparing(p -> p.id().toString())).toList();
    }

    static boolean covers(AlertPolicy p, DeviceProfile d) {
        if (p.clientId() == null) {
            return true;
        }
        if (!p.clientId().equals(d.clientId())) {
            return false;
        }
        if (p.deviceId() != null) {
            return p.deviceId().equals(d.id().value());
        }
        if (p.groupId() != null) {
            return d.groupIds().contains(p.groupId());
        }
        return p.siteId() == null || p.siteId().equals(d.siteId());
    }

    static boolean excluded(AlertPolicy p, DeviceProfile d) {
        for (AlertPolicy.Exclusion e : p.exclusions()) {
            if (!e.clientId().equals(d.clientId())) {
                continue;
            }
            if ((e.deviceId() != null && e.deviceId().equals(d.id().value())) || (e.siteId() != null && e.siteId().equals(d.siteId()))
                    || (e.groupId() != null && d.groupIds().contains(e.groupId()))) {
                return true;
            }
        }
        return false;
    }
}
