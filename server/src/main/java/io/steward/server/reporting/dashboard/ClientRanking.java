package io.steward.server.reporting.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Ranks the clients of a staff dashboard by what needs attention: breached open tickets, then open tickets, then open alerts. */
final class ClientRanking {
    private ClientRanking() {
    }

    static List<MspDashboard.ClientStanding> rank(List<DashboardQueries.ClientOpenCount> open, Map<UUID, Long> alerts,
                                                  Function<List<UUID>, Map<UUID, String>> names, int limit) {
        Map<UUID, long[]> tickets = new HashMap<>();
        for (DashboardQueries.ClientOpenCount c : open) {
            long[] t = tickets.computeIfAbsent(c.client(), k -> new long[3]);
            t[0] += c.count();
            t[1] += c.standing() == SlaStanding.BREACHED ? c.count() : 0;
            t[2] += c.standing() == SlaStanding.AT_RISK ? c.count() : 0;
        }
        Set<UUID> ids = new HashSet<>(tickets.keySet());
        alerts.forEach((id, n) -> {
            if (n > 0) {
                ids.add(id);
            }
        });
        Comparator<MspDashboard.ClientStanding> order = Comparator.comparingLong(MspDashboard.ClientStanding::breached).reversed()
                .thenComparing(Comparator.comparingLong(MspDashboard.ClientStanding::open).reversed())
                .thenComparing(Comparator.comparingLong(MspDashboard.ClientStanding::alerts).reversed())
                .thenComparing(MspDashboard.ClientStanding::name, String.CASE_INSENSITIVE_ORDER);
        // One query for the names, whatever the number of clients in scope.
        Map<UUID, String> named = names.apply(List.copyOf(ids));
        List<MspDashboard.ClientStanding> ranked = new ArrayList<>();
        for (UUID id : ids) {
            long[] t = tickets.getOrDefault(id, new long[3]);
            ranked.add(new MspDashboard.ClientStanding(id, named.getOrDefault(id, "(unknown client)"), t[0], t[1], t[2], alerts.getOrDefault(id, 0L)));
        }
        return ranked.stream().sorted(order).limit(limit).toList();
    }
}
