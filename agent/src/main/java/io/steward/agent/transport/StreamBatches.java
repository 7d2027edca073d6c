package io.steward.agent.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * A v1 metrics batch as protocol v2 frames: the series it names that a connection has not declared yet, numbered after
 * those it has, and the batch as columns (series number, value, offset from the earliest sample's time). No instance is
 * the empty instance, as v1 stores it.
 */
final class StreamBatches {
    /** A series as the stream names it. */
    record SeriesKey(String metric, String instance, String unit) {
        static SeriesKey of(Messages.Sample sample) {
            return new SeriesKey(sample.metric() == null ? "" : sample.metric(), sample.instance() == null ? "" : sample.instance(),
                    sample.unit() == null ? "" : sample.unit());
        }
    }

    private StreamBatches() {
    }

    /** Whether the samples fit one batch frame: not too many, and their times within an int of milliseconds of each other. */
    static boolean fits(List<Messages.Sample> samples) {
        if (samples.size() > StreamProtocol.MAX_SAMPLES) {
            return false;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Messages.Sample sample : samples) {
            min = Math.min(min, sample.at());
            max = Math.max(max, sample.at());
        }
        return samples.isEmpty() || max - min <= Integer.MAX_VALUE;
    }

    /** The series of these samples not in {@code declared}, in order of first use, numbered from {@code declared.size()}. */
    static List<StreamFrame.SeriesDef> undeclared(Map<SeriesKey, Integer> declared, List<Messages.Sample> samples) {
        List<StreamFrame.SeriesDef> fresh = new ArrayList<>();
        Map<SeriesKey, Integer> pending = new HashMap<>();
        for (Messages.Sample sample : samples) {
            SeriesKey k = SeriesKey.of(sample);
            if (!declared.containsKey(k) && !pending.containsKey(k)) {
                int id = declared.size() + fresh.size();
                pending.put(k, id);
                fresh.add(new StreamFrame.SeriesDef(id, k.metric(), k.instance(), k.unit()));
            }
        }
        return fresh;
    }

    /** Records declarations as the connection's own. */
    static void declare(Map<SeriesKey, Integer> declared, List<StreamFrame.SeriesDef> defs) {
        for (StreamFrame.SeriesDef d : defs) {
            declared.put(new SeriesKey(d.metric(), d.instance(), d.unit()), d.id());
        }
    }

    /** The batch frame of samples that {@link #fits} and whose series are all {@code declared}. */
    static StreamFrame.Batch frame(Map<SeriesKey, Integer> declared, long seq, List<Messages.Sample> samples) {
        int n = samples.size();
        long base = Long.MAX_VALUE;
        for (Messages.Sample sample : samples) {
            base = Math.min(base, sample.at());
        }
        base = n == 0 ? 0 : base;
        int[] series = new int[n];
        double[] values = new double[n];
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            Messages.Sample sample = samples.get(i);
            series[i] = declared.get(SeriesKey.of(sample));
            values[i] = sample.value();
            offsets[i] = Math.toIntExact(sample.at() - base);
        }
        return new StreamFrame.Batch(seq, base, series, values, offsets);
    }
}
