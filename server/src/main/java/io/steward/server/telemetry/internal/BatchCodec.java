package io.steward.server.telemetry.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.Messages;

/**
 * The packed form of a batch's samples in {@code metric_batch.samples}. Version 2 (written now): a version byte, the
 * batch's distinct series once (metric, instance and unit in modified UTF-8), the earliest agent time, then per sample
 * the series' index, the value and its time after the earliest, indexes and times as unsigned varints. A batch of a
 * few rounds of an agent's series takes about 11 bytes a sample plus its names once, which keeps a typical batch under
 * PostgreSQL's 2 KB out-of-line threshold: no compression and less WAL per acknowledged batch. Version 1 (names per
 * sample) is still read: rows written before it may wait for the fold after an upgrade.
 */
final class BatchCodec {
    private static final int NAMES_PER_SAMPLE = 1;
    private static final int SERIES_ONCE = 2;

    private BatchCodec() {
    }

    private record Series(String metric, String instance, String unit) {
    }

    static byte[] encode(List<Messages.Sample> samples) {
        Map<Series, Integer> index = new HashMap<>();
        List<Series> series = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (Messages.Sample s : samples) {
            Series key = new Series(s.metric(), s.instance() == null ? "" : s.instance(), s.unit());
            if (index.putIfAbsent(key, series.size()) == null) {
                series.add(key);
            }
            earliest = Math.min(earliest, s.at());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + series.size() * 24 + samples.size() * 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SERIES_ONCE);
            writeVarint(out, series.size());
            for (Series s : series) {
                out.writeUTF(s.metric());
                out.writeUTF(s.instance());
                out.writeUTF(s.unit());
            }
            writeVarint(out, samples.size());
            out.writeLong(samples.isEmpty() ? 0 : earliest);
            for (Messages.Sample s : samples) {
                writeVarint(out, index.get(new Series(s.metric(), s.instance() == null ? "" : s.instance(), s.unit())));
                out.writeDouble(s.value());
                writeVarint(out, s.at() - earliest);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Messages.Sample> decode(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            int version = in.readUnsignedByte();
            return switch (version) {
                case SERIES_ONCE -> seriesOnce(in);
                case NAMES_PER_SAMPLE -> namesPerSample(in);
                default -> throw new IllegalStateException("unknown metric batch encoding " + version);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Messages.Sample> seriesOnce(DataInputStream in) throws IOException {
        int count = (int) readVarint(in);
        List<Series> series = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            series.add(new Series(in.readUTF(), in.readUTF(), in.readUTF()));
        }
        int n = (int) readVarint(in);
        long earliest = in.readLong();
        List<Messages.Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Series s = series.get((int) readVarint(in));
            double value = in.readDouble();
            samples.add(new Messages.Sample(s.metric(), s.instance(), value, s.unit(), earliest + readVarint(in)));
        }
        return samples;
    }

    private static List<Messages.Sample> namesPerSample(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Messages.Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String metric = in.readUTF();
            String instance = in.readUTF();
            String unit = in.readUTF();
            double value = in.readDouble();
            long at = in.readLong();
            samples.add(new Messages.Sample(metric, instance, value, unit, at));
        }
        return samples;
    }

    /** Unsigned LEB128: seven bits a byte, low first. */
    private static void writeVarint(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarint(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 64 bits");
    }
}
