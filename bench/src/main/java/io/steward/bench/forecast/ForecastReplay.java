package io.steward.bench.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.steward.server.alerting.internal.DiskFillForecast;
import io.steward.server.alerting.internal.DiskFillForecast.DailyMark;

/**
 * Replays each disk day by day through the server's forecast rule, as the daily run does at 00:30: on day {@code e} it
 * sees the daily highs of the days before, fits ({@link DiskFillForecast#fit}) and decides
 * ({@link DiskFillForecast#decide}); a raised request stays open until the rule settles it. A disk's replay ends on the
 * day it fills. Scored:
 * <ul>
 * <li>a fill is <em>warned</em> when a request raised at least {@value #LEAD_DAYS} days before the fill day was still
 * open on it;</li>
 * <li>a request is <em>false</em> when the disk did not fill within its predicted window: from the day it was raised to
 * the predicted full day + {@value #LEAD_DAYS} days (the prediction's day granularity, as for the lead); a request whose
 * window runs past the replay's end without a fill is left out (unknown), and counted. Also given, stricter: not full
 * by the predicted day itself.</li>
 * </ul>
 */
public final class ForecastReplay {
    public static final int LEAD_DAYS = 3;
    static final LocalDate DAY_ZERO = LocalDate.of(2026, 1, 1);

    /** One request as the server would have raised it. */
    public record Request(int disk, int raisedDay, int predictedFullDay, int settledDay) {
    }

    /** What the replay found, overall and per shape. */
    public record Score(int fills, int warnedFills, int requests, int falseRequests, int unknownRequests, int strictFalse,
                        Map<SyntheticFleet.Shape, int[]> byShape) {

        public double warnedShare() {
            return fills == 0 ? Double.NaN : (double) warnedFills / fills;
        }

        /** False requests over the requests whose outcome is known. */
        public double falseShare() {
            int known = requests - unknownRequests;
            return known == 0 ? Double.NaN : (double) falseRequests / known;
        }

        public double strictFalseShare() {
            int known = requests - unknownRequests;
            return known == 0 ? Double.NaN : (double) strictFalse / known;
        }
    }

    private ForecastReplay() {
    }

    /** The requests the rule raises for one disk over the days before it fills (or the replay ends). */
    public static List<Request> replay(SyntheticFleet.Disk disk, int horizonDays) {
        double[] highs = disk.dailyHighs();
        int fullDay = disk.fullDay();
        int last = fullDay < 0 ? highs.length - 1 : fullDay;
        List<Request> requests = new ArrayList<>();
        List<DailyMark> marks = new ArrayList<>();
        Request open = null;
        for (int e = 1; e <= last; e++) {
            marks.add(new DailyMark(DAY_ZERO.plusDays(e - 1L), highs[e - 1]));
            if (marks.size() > DiskFillForecast.LOOKBACK_DAYS) {
                marks.removeFirst();
            }
            LocalDate today = DAY_ZERO.plusDays(e);
            var forecast = DiskFillForecast.fit(marks, today);
            switch (DiskFillForecast.decide(forecast, open != null, today, horizonDays)) {
                case RAISE -> open = new Request(disk.id(), e, (int) (forecast.orElseThrow().fullOn().toEpochDay() - DAY_ZERO.toEpochDay()), -1);
                case SETTLE -> {
                    requests.add(new Request(open.disk(), open.raisedDay(), open.predictedFullDay(), e));
                    open = null;
                }
                case KEEP -> {
                }
            }
        }
        if (open != null) {
            requests.add(open);
        }
        return requests;
    }

    public static Score score(List<SyntheticFleet.Disk> fleet, int horizonDays) {
        int fills = 0;
        int warned = 0;
        int requests = 0;
        int falseRequests = 0;
        int unknown = 0;
        int strictFalse = 0;
        // Per shape: disks, fills, warned fills, requests, false requests.
        Map<SyntheticFleet.Shape, int[]> byShape = new EnumMap<>(SyntheticFleet.Shape.class);
        for (SyntheticFleet.Disk disk : fleet) {
            int[] s = byShape.computeIfAbsent(disk.shape(), k -> new int[5]);
            s[0]++;
            int fullDay = disk.fullDay();
            List<Request> raised = replay(disk, horizonDays);
            if (fullDay >= 0) {
                fills++;
                s[1]++;
                if (raised.stream().anyMatch(r -> r.raisedDay() <= fullDay - LEAD_DAYS && (r.settledDay() < 0 || r.settledDay() > fullDay))) {
                    warned++;
                    s[2]++;
                }
            }
            for (Request r : raised) {
                requests++;
                s[3]++;
                int windowEnd = r.predictedFullDay() + LEAD_DAYS;
                boolean filledInWindow = fullDay >= r.raisedDay() && fullDay <= windowEnd;
                if (!filledInWindow && fullDay < 0 && windowEnd >= disk.days()) {
                    unknown++;
                    continue;
                }
                if (!filledInWindow) {
                    falseRequests++;
                    s[4]++;
                }
                if (!(fullDay >= r.raisedDay() && fullDay <= r.predictedFullDay())) {
                    strictFalse++;
                }
            }
        }
        return new Score(fills, warned, requests, falseRequests, unknown, strictFalse, byShape);
    }
}
