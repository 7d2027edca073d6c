package io.steward.bench.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic fleet of file systems: hourly used % over a number of days, in five shapes (an equal share each).
 * The same seed gives the same fleet. A disk is full once an hourly value reaches 100 %; values are capped there.
 * <ul>
 * <li>STEADY: starts at 20–70 %, grows 0.2–3 points a day, ±0.3 points of noise.</li>
 * <li>BURSTS: starts at 20–60 %, grows 0–0.5 points a day; on 8 % of days a burst of 5–20 points for 2–36 hours.</li>
 * <li>SAWTOOTH: log rotation: 2–10 points of logs grow and are rotated away every 6 h, 24 h or 7 days, on a base of
 * 20–60 % that grows 0–1 points a day.</li>
 * <li>CLEANUP: starts at 30–60 %, grows 0.5–2.5 points a day, and every 7–30 days someone deletes 15–40 points.</li>
 * <li>FLAT: stays at 5–95 % with ±0.3 points of noise.</li>
 * </ul>
 */
public final class SyntheticFleet {

    public enum Shape { STEADY, BURSTS, SAWTOOTH, CLEANUP, FLAT }

    /** One file system: its shape and its used % for every hour. */
    public record Disk(int id, Shape shape, double[] hourly) {

        public int days() {
            return hourly.length / 24;
        }

        /** The highest used % of each day (what the server keeps in fs_daily_high). */
        public double[] dailyHighs() {
            double[] highs = new double[days()];
            for (int d = 0; d < highs.length; d++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int h = 0; h < 24; h++) {
                    max = Math.max(max, hourly[d * 24 + h]);
                }
                highs[d] = max;
            }
            return highs;
        }

        /** The first day an hourly value reaches 100 %, or -1 if it never does. */
        public int fullDay() {
            for (int i = 0; i < hourly.length; i++) {
                if (hourly[i] >= 100) {
                    return i / 24;
                }
            }
            return -1;
        }
    }

    private SyntheticFleet() {
    }

    public static List<Disk> generate(long seed, int disks, int days) {
        SplittableRandom root = new SplittableRandom(seed);
        Shape[] shapes = Shape.values();
        List<Disk> fleet = new ArrayList<>(disks);
        for (int i = 0; i < disks; i++) {
            Shape shape = shapes[i % shapes.length];
            fleet.add(new Disk(i, shape, hours(shape, root.split(), days * 24)));
        }
        return fleet;
    }

    private static double[] hours(Shape shape, SplittableRandom r, int hours) {
        double[] v = new double[hours];
        switch (shape) {
            case STEADY -> {
                double start = r.nextDouble(20, 70);
                double perHour = r.nextDouble(0.2, 3.0) / 24;
                for (int h = 0; h < hours; h++) {
                    v[h] = start + perHour * h + noise(r, 0.3);
                }
            }
            case BURSTS -> {
                double start = r.nextDouble(20, 60);
                double perHour = r.nextDouble(0, 0.5) / 24;
                double[] extra = new double[hours];
                for (int d = 0; d < hours / 24; d++) {
                    if (r.nextDouble() < 0.08) {
                        int from = d * 24 + r.nextInt(24);
                        int length = r.nextInt(2, 37);
                        double height = r.nextDouble(5, 20);
                        for (int h = from; h < Math.min(hours, from + length); h++) {
                            extra[h] = Math.max(extra[h], height);
                        }
                    }
                }
                for (int h = 0; h < hours; h++) {
                    v[h] = start + perHour * h + extra[h] + noise(r, 0.3);
                }
            }
            case SAWTOOTH -> {
                double base = r.nextDouble(20, 60);
                double perHour = r.nextDouble(0, 1) / 24;
                int period = new int[] {6, 24, 168}[r.nextInt(3)];
                int phase = r.nextInt(period);
                double amplitude = r.nextDouble(2, 10);
                for (int h = 0; h < hours; h++) {
                    v[h] = base + perHour * h + amplitude * (((h + phase) % period) / (double) period) + noise(r, 0.2);
                }
            }
            case CLEANUP -> {
                double level = r.nextDouble(30, 60);
                double perHour = r.nextDouble(0.5, 2.5) / 24;
                int every = r.nextInt(7, 31) * 24;
                int next = r.nextInt(every) + 24;
                for (int h = 0; h < hours; h++) {
                    if (h == next) {
                        level = Math.max(5, level - r.nextDouble(15, 40));
                        next += every;
                    }
                    level += perHour;
                    v[h] = level + noise(r, 0.3);
                }
            }
            case FLAT -> {
                double level = r.nextDouble(5, 95);
                for (int h = 0; h < hours; h++) {
                    v[h] = level + noise(r, 0.3);
                }
            }
        }
        for (int h = 0; h < hours; h++) {
            v[h] = Math.clamp(v[h], 0, 100);
        }
        return v;
    }

    /** Uniform noise in [-amplitude, amplitude]. */
    private static double noise(SplittableRandom r, double amplitude) {
        return r.nextDouble(-amplitude, amplitude);
    }
}
