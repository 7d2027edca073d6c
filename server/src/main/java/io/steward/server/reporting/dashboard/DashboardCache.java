package io.steward.server.reporting.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each staff dashboard answer for {@link #FRESH_FOR}, shared by everyone with the same client scope, zone and
 * window. With 1,000,000 tickets the figures read every open ticket and a month of openings (~150,000 and ~40,000
 * index entries, ~450 ms on two cores, see BENCHMARKS.md), while a page refreshes every minute for each person watching
 * it. An answer older than {@link #FRESH_FOR} but younger than {@link #STALE_FOR} is still served while one refresh per
 * key runs off the request thread, in the same client scope, so that no person waits for the recomputation; only an
 * answer older than that (nobody looked for minutes) is computed while its requester waits. The answer carries
 * {@code asOf}, so a figure up to a minute old says so. The cache is per node and holds one entry per scope in use;
 * entries past {@link #STALE_FOR} are dropped on the next store.
 */
@Component
public class DashboardCache {
    static final Duration FRESH_FOR = Duration.ofSeconds(30);
    static final Duration STALE_FOR = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(DashboardCache.class);

    private record Key(TenantScope scope, ZoneId zone, Instant todayStarts, int days) {
    }

    private final RefreshAhead<Key, MspDashboard> answers;
    private final DashboardService dashboards;

    DashboardCache(DashboardService dashboards, Clock clock) {
        this.dashboards = dashboards;
        this.answers = new RefreshAhead<>(MspDashboard::asOf, FRESH_FOR, STALE_FOR, DashboardCache::refresh, clock);
    }

    /** A refresh runs on its own virtual thread; a failure is logged, and the next request computes (and reports) it. */
    private static void refresh(Runnable work) {
        Thread.ofVirtual().name("dashboard-refresh").start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Refreshing a dashboard failed; the next request computes it", e);
            }
        });
    }

    /**
     * The staff dashboard as of at most {@link #FRESH_FOR} ago, or a little older while it is being refreshed; scope
     * checks happen in {@link DashboardService#msp}. A refresh off the request thread reads with the key's own client
     * scope, the one the request thread has set.
     */
    public MspDashboard msp(Viewer viewer, DashboardPeriod period) {
        if (!viewer.isStaff()) {
            return dashboards.msp(viewer, period);
        }
        Key key = new Key(viewer.scope(), period.zone(), period.todayStarts(), period.days());
        return answers.get(key, () -> TenantContext.callAs(key.scope(), () -> dashboards.msp(viewer, period)));
    }
}
