package io.steward.server.telemetry.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages;

/**
 * The packed form of a batch's samples in {@code metric_batch.samples}: a version byte, the count,
 * then per sample metric, instance and unit (modified UTF-8), value and agent time. One row per
 * batch instead of one per sample is what keeps the acknowledged write small; PostgreSQL compresses
 * the repeated names of a large batch when it moves the value out of line.
 */
final class BatchCodec {
    private static final int VERSION = 1;

    private BatchCodec() {
    }

    static byte[] encode(List<Messages.Sample> samples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + samples.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(samples.size());
            for (Messages.Sample s : samples) {
                out.writeUTF(s.metric());
                out.writeUTF(s.instance() == null ? "" : s.instance());
                out.writeUTF(s.unit());
                out.writeDouble(s.value());
                out.writeLong(s.at());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Messages.Sample> decode(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown metric batch encoding " + version);
            }
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
