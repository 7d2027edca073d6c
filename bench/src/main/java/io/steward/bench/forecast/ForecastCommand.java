package io.steward.bench.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.steward.server.alerting.ForecastHistory;
import io.steward.server.alerting.internal.DiskFillForecast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward-bench forecast}: the forecast's quality on synthetic fleets, one line per seed and the medians. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Replays a seeded synthetic fleet's disk use through the server's fill forecast and scores its service requests.")
public final class ForecastCommand implements Runnable {
    @Option(names = "--disks", defaultValue = "1000", description = "File systems per fleet (default ${DEFAULT-VALUE}).")
    int disks;
    @Option(names = "--days", defaultValue = "90", description = "Days of hourly telemetry (default ${DEFAULT-VALUE}).")
    int days;
    @Option(names = "--seeds", defaultValue = "1,2,3,4,5", split = ",", description = "Fleet seeds, one replay each (default ${DEFAULT-VALUE}).")
    List<Long> seeds;
    @Option(names = "--horizon-days", description = "Request horizon in days (default: the server's, " + DiskFillForecast.DEFAULT_HORIZON_DAYS + ").")
    Integer horizon;

    @Override
    public void run() {
        int h = horizon == null ? DiskFillForecast.DEFAULT_HORIZON_DAYS : horizon;
        System.out.printf(Locale.ROOT, "fleet: %d disks x %d days hourly; minimum history %d days, window %d days, horizon %d days, lead %d days%n",
                disks, days, ForecastHistory.MIN_DAYS, DiskFillForecast.WINDOW_DAYS, h, ForecastReplay.LEAD_DAYS);
        List<Double> warned = new ArrayList<>();
        List<Double> falses = new ArrayList<>();
        List<Double> stricts = new ArrayList<>();
        for (long seed : seeds) {
            long t0 = System.nanoTime();
            ForecastReplay.Score s = ForecastReplay.score(SyntheticFleet.generate(seed, disks, days), h);
            System.out.printf(Locale.ROOT, "seed %d: fills warned >= %d days ahead %d/%d = %.1f %%; false requests %d/%d = %.1f %% (%d unknown at the end;"
                            + " strict, not full by the predicted day: %d = %.1f %%) [%d ms]%n",
                    seed, ForecastReplay.LEAD_DAYS, s.warnedFills(), s.fills(), 100 * s.warnedShare(), s.falseRequests(),
                    s.requests() - s.unknownRequests(), 100 * s.falseShare(), s.unknownRequests(), s.strictFalse(), 100 * s.strictFalseShare(),
                    (System.nanoTime() - t0) / 1_000_000);
            s.byShape().forEach((shape, v) -> System.out.printf(Locale.ROOT, "    %-8s disks %4d, fills %3d, warned %3d, requests %3d, false %3d%n",
                    shape, v[0], v[1], v[2], v[3], v[4]));
            warned.add(s.warnedShare());
            falses.add(s.falseShare());
            stricts.add(s.strictFalseShare());
        }
        System.out.printf(Locale.ROOT, "median of %d seeds: warned %.1f %% (target >= 80 %%), false requests %.1f %% (target <= 10 %%), strict false %.1f %%%n",
                seeds.size(), 100 * median(warned), 100 * median(falses), 100 * median(stricts));
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        int m = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
    }
}
