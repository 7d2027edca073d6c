package io.steward.server.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * One metric of one device over a range, from the rollups: 1-minute buckets for the last hour and
 * day, hourly buckets for the last week.
 *
 * @param unit the unit of the latest value, empty when the metric has none stored
 */
public record MetricSeries(String metric, String instance, Range range, String unit, List<Point> points) {

    /** How far back a series reaches, and from which rollup. */
    public enum Range {
        HOUR(java.time.Duration.ofHours(1), "metric_minute"),
        DAY(java.time.Duration.ofDays(1), "metric_minute"),
        WEEK(java.time.Duration.ofDays(7), "metric_hour");

        private final java.time.Duration span;
        private final String table;

        Range(java.time.Duration span, String table) {
            this.span = span;
            this.table = table;
        }

        public java.time.Duration span() {
            return span;
        }

        String table() {
            return table;
        }
    }

    /** One bucket: its start, and the min, max, mean and number of the samples in it. */
    public record Point(Instant at, double min, double max, double avg, long count) {
    }
}
