package io.steward.server.telemetry;

import java.time.Duration;
import java.time.Instant;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A made-up metric series for demos and load tests: a straight trend from {@code anchor} plus a daily swing plus noise,
 * kept within [0, 100] (every synthetic series is a percentage). {@link TelemetryHistory} writes its past as rollups in
 * SQL; {@link #valueAt} gives the same curve to whatever keeps sending it live, so past and present join up.
 *
 * @param slopePerDay    points gained per day since {@code anchor} (a disk that fills: positive)
 * @param dailyAmplitude half the swing over a day, peaking at 14:00 UTC
 * @param noise          the width of the uniform noise around the curve
 */
public record SyntheticSeries(DeviceId device, ClientId client, String metric, String instance, Instant anchor, double base, double slopePerDay,
                              double dailyAmplitude, double noise) {

    public SyntheticSeries {
        if (!metric.matches("[a-z][a-z0-9_.]{0,99}") || instance == null || instance.length() > 200) {
            throw new IllegalArgumentException("metric and instance must be plain names");
        }
    }

    /** The curve at {@code at}; {@code unitNoise} in [-0.5, 0.5) scales the noise. */
    public double valueAt(Instant at, double unitNoise) {
        double days = Duration.between(anchor, at).toMillis() / 86_400_000.0;
        double dayFraction = (at.getEpochSecond() % 86_400) / 86_400.0;
        double v = base + slopePerDay * days + dailyAmplitude * Math.sin(2 * Math.PI * (dayFraction - PEAK_SHIFT)) + noise * unitNoise;
        return Math.max(0, Math.min(100, v));
    }

    /** Shifts the sine's peak from 06:00 to 14:00 UTC (the SQL uses the same constant). */
    static final double PEAK_SHIFT = 8 / 24.0;
}
