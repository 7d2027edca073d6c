package io.steward.server.telemetry.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchCodecTest {

    @Property
    void whatIsPackedUnpacksAsItWas(@ForAll("batches") List<Messages.Sample> samples) {
        assertThat(BatchCodec.decode(BatchCodec.encode(samples))).isEqualTo(samples);
    }

    @Provide
    Arbitrary<List<Messages.Sample>> batches() {
        Arbitrary<String> metric = Arbitraries.of("cpu.busy_pct", "fs.used_pct", "app.ünïcode", "x");
        Arbitrary<String> instance = Arbitraries.of("", "/", "/var", "C:\\", "eth0");
        Arbitrary<Long> at = Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L);
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(0.0, -0.0, Double.MAX_VALUE, -1e-300));
        return Combinators.combine(metric, instance, value, Arbitraries.of("pct", "count", "bytes"), at)
                .as((m, i, v, u, t) -> new Messages.Sample(m, i, v, u, t)).list().ofMaxSize(300);
    }

    @Test
    void anAgentsBatchOfFiveRoundsStaysUnderTheOutOfLineThreshold() {
        List<Messages.Sample> batch = new ArrayList<>();
        long t0 = 1_800_000_000_000L;
        for (int round = 0; round < 5; round++) {
            for (int s = 0; s < 20; s++) {
                batch.add(new Messages.Sample("fs.used_pct", "/mnt/volume" + s, 40 + s + round * 0.1, "pct", t0 + round * 1_000L));
            }
        }
        byte[] packed = BatchCodec.encode(batch);
        assertThat(packed.length).isLessThan(2_000);
        assertThat(BatchCodec.decode(packed)).isEqualTo(batch);
    }

    @Test
    void rowsPackedByTheFirstVersionAreStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(2);
            for (int i = 0; i < 2; i++) {
                out.writeUTF("cpu.busy_pct");
                out.writeUTF(i == 0 ? "" : "core1");
                out.writeUTF("pct");
                out.writeDouble(12.5 + i);
                out.writeLong(1_800_000_000_000L + i);
            }
        }
        assertThat(BatchCodec.decode(bytes.toByteArray())).containsExactly(
                new Messages.Sample("cpu.busy_pct", "", 12.5, "pct", 1_800_000_000_000L),
                new Messages.Sample("cpu.busy_pct", "core1", 13.5, "pct", 1_800_000_000_001L));
    }
}
