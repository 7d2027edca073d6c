package io.steward.server.alerting.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.DiskFillPredicted;
import io.steward.server.alerting.DiskFillReverted;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily fill forecast: fits every file system's daily highs ({@link DiskFillForecast}, which reads the last
 * {@value DiskFillForecast#LOOKBACK_DAYS} days for clean-ups and fits the last {@value DiskFillForecast#WINDOW_DAYS}),
 * stores the result, and lets {@link DiskFillForecast#decide} say whether to ask for a service request or settle the
 * open one. A file system with too little history (new, or just cleaned up) has no stored forecast: the page and the
 * API say how many days it has. Runs in system scope, from the scheduler.
 */
@Component
public class DiskForecaster {
    static final int HISTORY_DAYS = DiskFillForecast.LOOKBACK_DAYS;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AlertingProperties properties;

    public DiskForecaster(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, AlertingProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.properties = properties;
    }

    private record Key(UUID device, UUID client, String instance) {
    }

    /** Returns how many file systems it forecast. */
    @Transactional
    public int run() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Map<Key, List<DiskFillForecast.DailyMark>> marks = new HashMap<>();
        jdbc.sql("SELECT device_id, client_id, instance, day, used_pct FROM fs_daily_high WHERE day > ? ORDER BY day")
                .param(Date.valueOf(today.minusDays(HISTORY_DAYS)))
                .query((rs, n) -> marks.computeIfAbsent(new Key(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                        k -> new ArrayList<>()).add(new DiskFillForecast.DailyMark(rs.getDate(4).toLocalDate(), rs.getDouble(5))))
                .list();
        int done = 0;
        int horizon = properties.forecastHorizonDays();
        for (Map.Entry<Key, List<DiskFillForecast.DailyMark>> e : marks.entrySet()) {
            Key k = e.getKey();
            var fit = DiskFillForecast.fit(e.getValue(), today);
            UUID ticket = jdbc.sql("SELECT ticket_id FROM disk_forecast WHERE device_id = ? AND instance = ?").params(k.device(), k.instance())
                    .query((rs, n) -> rs.getObject(1, UUID.class)).optional().orElse(null);
            if (fit.isPresent()) {
                DiskFillForecast.Forecast f = fit.get();
                jdbc.sql("""
                        INSERT INTO disk_forecast (device_id, client_id, instance, computed_at, slope_per_day, fitted_pct, full_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (device_id, instance) DO UPDATE SET computed_at = EXCLUDED.computed_at, slope_per_day = EXCLUDED.slope_per_day,
                            fitted_pct = EXCLUDED.fitted_pct, full_on = EXCLUDED.full_on""")
                        .params(k.device(), k.client(), k.instance(), Timestamp.from(now), f.slopePerDay(), f.fittedToday(),
                                f.fullOn() == null ? null : Date.valueOf(f.fullOn()))
                        .update();
            }
            switch (DiskFillForecast.decide(fit, ticket != null, today, horizon)) {
                case RAISE -> {
                    DiskFillForecast.Forecast f = fit.orElseThrow();
                    String host = jdbc.sql("SELECT hostname FROM device WHERE id = ?").param(k.device()).query(String.class).single();
                    events.publishEvent(new DiskFillPredicted(new ClientId(k.client()), new DeviceId(k.device()), host, k.instance(), f.fullOn(),
                            f.slopePerDay(), f.fittedToday()));
                }
                case SETTLE -> {
                    jdbc.sql("UPDATE disk_forecast SET ticket_id = NULL WHERE device_id = ? AND instance = ?").params(k.device(), k.instance()).update();
                    events.publishEvent(new DiskFillReverted(new ClientId(k.client()), ticket, fit.isEmpty()
                            ? String.format(Locale.ROOT, "The use of %s dropped (a clean-up?): its trend starts again, and it is no longer predicted"
                                    + " full within %d days.", k.instance(), horizon)
                            : String.format(Locale.ROOT, "The fill trend of %s turned (%.2f points a day): it is no longer predicted full within %d days.",
                                    k.instance(), fit.get().slopePerDay(), horizon)));
                }
                case KEEP -> {
                }
            }
            if (fit.isEmpty()) {
                // Too little history since a clean-up (or at all): no date is shown until there is enough again.
                jdbc.sql("DELETE FROM disk_forecast WHERE device_id = ? AND instance = ?").params(k.device(), k.instance()).update();
                continue;
            }
            done++;
        }
        return done;
    }
}
