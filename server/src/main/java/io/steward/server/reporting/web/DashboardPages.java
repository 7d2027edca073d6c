package io.steward.server.reporting.web;

import java.util.ArrayList;
import java.util.List;

import io.steward.server.reporting.dashboard.DashboardCache;
import io.steward.server.reporting.dashboard.DashboardPeriod;
import io.steward.server.reporting.dashboard.DashboardService;
import io.steward.server.reporting.dashboard.MspDashboard;
import io.steward.server.reporting.dashboard.SlaStanding;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The staff dashboard: what the viewer's clients need now. Every figure links to the list it counts (ticket queue,
 * alerts, devices), filtered the same way; the page refreshes itself every minute (htmx) in the viewer's own time zone.
 */
@Controller
class DashboardPages {
    private final DashboardService dashboards;
    private final DashboardCache cache;
    private final io.steward.server.shared.ViewerZones zones;

    DashboardPages(DashboardService dashboards, DashboardCache cache, io.steward.server.shared.ViewerZones zones) {
        this.dashboards = dashboards;
        this.cache = cache;
        this.zones = zones;
    }

    @GetMapping("/")
    String dashboard(Viewer viewer, @RequestParam(required = false) String zone, @RequestParam(required = false) String days, Model model) {
        // "Today" starts at midnight where the viewer is: their own zone unless the address names another.
        String day = zone != null && !zone.isBlank() ? zone : zones.zoneOf(viewer).getId();
        DashboardPeriod period = dashboards.period(day, days);
        MspDashboard d = cache.msp(viewer, period);
        model.addAttribute("d", d);
        model.addAttribute("standings", SlaStanding.values());
        model.addAttribute("bars", bars(d));
        model.addAttribute("todayLabel", io.steward.server.web.TimeWords.dateTime(period.todayStarts(), period.zone()) + " "
                + io.steward.server.web.TimeWords.zoneName(period.zone()));
        model.addAttribute("breachedFrom", period.todayStarts().toString());
        model.addAttribute("openedFrom", period.volumeFrom().toString());
        long maxClient = d.topClients().stream().mapToLong(MspDashboard.ClientVolume::opened).max().orElse(0);
        model.addAttribute("maxClient", Math.max(1, maxClient));
        return "dashboard";
    }

    /** One segment of a priority's stacked bar, in percent of the widest bar. */
    record Segment(SlaStanding standing, long count, double x, double width, String href) {
    }

    /** A priority's open tickets as a stacked bar by standing. */
    record Bar(String priority, long total, List<Segment> segments) {
    }

    static String queueHref(String priority, SlaStanding standing) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/servicedesk");
        if (priority != null) {
            b.queryParam("priority", priority);
        }
        if (standing != null) {
            b.queryParam("sla", standing.name());
        }
        return b.build().toUriString();
    }

    private static List<Bar> bars(MspDashboard d) {
        long widest = Math.max(1, d.openTickets().byPriority().stream().mapToLong(MspDashboard.PriorityRow::total).max().orElse(0));
        List<Bar> bars = new ArrayList<>();
        for (MspDashboard.PriorityRow row : d.openTickets().byPriority()) {
            List<Segment> segments = new ArrayList<>();
            double x = 0;
            for (SlaStanding s : SlaStanding.values()) {
                long n = row.count(s);
                if (n > 0) {
                    double w = 100.0 * n / widest;
                    segments.add(new Segment(s, n, x, w, queueHref(row.priority().name(), s)));
                    x += w;
                }
            }
            bars.add(new Bar(row.priority().name(), row.total(), segments));
        }
        return bars;
    }
}
