package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * Keeps each staff dashboard answer for {@link #FRESH_FOR}, shared by everyone with the same client scope, zone and
 * window. With 1,000,000 tickets the figures read every open ticket and a month of openings (~150,000 and ~40,000
 * index entries, a few hundred milliseconds on two busy cores, see BENCHMARKS.md), while a page refreshes every minute
 * for each person watching it: the answer carries {@code asOf}, so a figure up to half a minute old says so. The
 * cache is per node and holds one entry per scope in use; entries past their time are dropped on the next store.
 */
@Component
public class DashboardCache {
    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private record Key(TenantScope scope, ZoneId zone, Instant todayStarts, int days) {
    }

    private final Map<Key, MspDashboard> answers = new ConcurrentHashMap<>();
    private final DashboardService dashboards;
    private final Clock clock;

    DashboardCache(DashboardService dashboards, Clock clock) {
        this.dashboards = dashboards;
        this.clock = clock;
    }

    /** The staff dashboard as of at most {@link #FRESH_FOR} ago; scope checks happen in {@link DashboardService#msp}. */
    public MspDashboard msp(Viewer viewer, DashboardPeriod period) {
        if (!viewer.isStaff()) {
            return dashboards.msp(viewer, period);
        }
        Key key = new Key(viewer.scope(), period.zone(), period.todayStarts(), period.days());
        Instant now = clock.instant();
        MspDashboard kept = answers.get(key);
        if (kept != null && kept.asOf().plus(FRESH_FOR).isAfter(now)) {
            return kept;
        }
        MspDashboard fresh = dashboards.msp(viewer, period);
        answers.values().removeIf(a -> !a.asOf().plus(FRESH_FOR).isAfter(now));
        answers.put(key, fresh);
        return fresh;
    }
}
