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
 * The daily fill forecast: fits every file system's daily highs of the last 14 days
 * ({@link DiskFillForecast}), stores the result, asks for a service request when the disk is
 * predicted full within the horizon and none is open, and settles the open one when the trend no
 * longer predicts that. Runs in system scope, from the scheduler.
 */
@Component
public class DiskForecaster {
    static final int HISTORY_DAYS = 14;

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
        for (Map.Entry<Key, List<DiskFillForecast.DailyMark>> e : marks.entrySet()) {
            var fit = DiskFillForecast.fit(e.getValue(), today);
            if (fit.isEmpty()) {
                continue;
            }
            Key k = e.getKey();
            DiskFillForecast.Forecast f = fit.get();
            UUID ticket = jdbc.sql("SELECT ticket_id FROM disk_forecast WHERE device_id = ? AND instance = ?").params(k.device(), k.instance())
                    .query((rs, n) -> rs.getObject(1, UUID.class)).optional().orElse(null);
            jdbc.sql("""
                    INSERT INTO disk_forecast (device_id, client_id, instance, computed_at, slope_per_day, fitted_pct, full_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (device_id, instance) DO UPDATE SET computed_at = EXCLUDED.computed_at, slope_per_day = EXCLUDED.slope_per_day,
                        fitted_pct = EXCLUDED.fitted_pct, full_on = EXCLUDED.full_on""")
                    .params(k.device(), k.client(), k.instance(), Timestamp.from(now), f.slopePerDay(), f.fittedToday(),
                            f.fullOn() == null ? null : Date.valueOf(f.fullOn()))
                    .update();
            boolean due = f.fullWithin(today, properties.forecastHorizonDays());
            if (due && ticket == null) {
                String host = jdbc.sql("SELECT hostname FROM device WHERE id = ?").param(k.device()).query(String.class).single();
                events.publishEvent(new DiskFillPredicted(new ClientId(k.client()), new DeviceId(k.device()), host, k.instance(), f.fullOn(),
                        f.slopePerDay(), f.fittedToday()));
            } else if (!due && ticket != null) {
                jdbc.sql("UPDATE disk_forecast SET ticket_id = NULL WHERE device_id = ? AND instance = ?").params(k.device(), k.instance()).update();
                events.publishEvent(new DiskFillReverted(new ClientId(k.client()), ticket, String.format(Locale.ROOT,
                        "The fill trend of %s turned (%.2f points a day): it is no longer predicted full within %d days.", k.instance(),
                        f.slopePerDay(), properties.forecastHorizonDays())));
            }
            done++;
        }
        return done;
    }
}
