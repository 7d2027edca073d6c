package io.steward.agent.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Spooled v1 samples through declarations and a batch frame, encoded and decoded, read back as the server reads them. */
class StreamBatchesTest {

    @Property(tries = 300)
    void batchesReadBackAsTheSamplesTheyWereMadeOf(@ForAll("batches") List<List<Messages.Sample>> batches) {
        Map<StreamBatches.SeriesKey, Integer> agentSide = new HashMap<>();
        Map<Integer, StreamFrame.SeriesDef> serverSide = new HashMap<>();
        long seq = 1;
        for (List<Messages.Sample> samples : batches) {
            assertThat(StreamBatches.fits(samples)).isTrue();
            List<StreamFrame.SeriesDef> fresh = StreamBatches.undeclared(agentSide, samples);
            // Numbered on from those already declared, each series once.
            for (int i = 0; i < fresh.size(); i++) {
                assertThat(fresh.get(i).id()).isEqualTo(agentSide.size() + i);
            }
            StreamBatches.declare(agentSide, fresh);
            if (!fresh.isEmpty()) {
                StreamFrame.Declare d = (StreamFrame.Declare) StreamCodec.decode(StreamCodec.encode(new StreamFrame.Declare(fresh)));
                for (StreamFrame.SeriesDef def : d.series()) {
                    assertThat(serverSide.put(def.id(), def)).isNull();
                }
            }
            StreamFrame.Batch b = (StreamFrame.Batch) StreamCodec.decode(StreamCodec.encode(StreamBatches.frame(agentSide, seq, samples)));
            assertThat(b.seq()).isEqualTo(seq++);
            List<Messages.Sample> read = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                StreamFrame.SeriesDef def = serverSide.get(b.series()[i]);
                read.add(new Messages.Sample(def.metric(), def.instance(), b.values()[i], def.unit(), b.baseAt() + b.offsets()[i]));
            }
            assertThat(read).containsExactlyElementsOf(samples.stream().map(StreamBatchesTest::asStored).toList());
        }
        Set<StreamBatches.SeriesKey> distinct = new HashSet<>();
        batches.forEach(list -> list.forEach(s -> distinct.add(StreamBatches.SeriesKey.of(s))));
        assertThat(serverSide).hasSize(distinct.size());
    }

    @Test
    void samplesTooManyOrTooFarApartDoNotFitAFrame() {
        Messages.Sample s = new Messages.Sample("cpu.usage", null, 1, "pct", 1_000);
        assertThat(StreamBatches.fits(List.of())).isTrue();
        assertThat(StreamBatches.fits(java.util.Collections.nCopies(StreamProtocol.MAX_SAMPLES, s))).isTrue();
        assertThat(StreamBatches.fits(java.util.Collections.nCopies(StreamProtocol.MAX_SAMPLES + 1, s))).isFalse();
        Messages.Sample later = new Messages.Sample("cpu.usage", null, 1, "pct", 1_000L + Integer.MAX_VALUE);
        assertThat(StreamBatches.fits(List.of(s, later))).isTrue();
        Messages.Sample tooLate = new Messages.Sample("cpu.usage", null, 1, "pct", 1_001 + (long) Integer.MAX_VALUE);
        assertThat(StreamBatches.fits(List.of(tooLate, s))).isFalse();
    }

    private static Messages.Sample asStored(Messages.Sample s) {
        return s.instance() == null ? new Messages.Sample(s.metric(), "", s.value(), s.unit(), s.at()) : s;
    }

    @Provide
    Arbitrary<List<List<Messages.Sample>>> batches() {
        Arbitrary<String> metric = Arbitraries.of("cpu.usage", "mem.used", "disk.used", "net.rx", "test.breach");
        Arbitrary<String> instance = Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.of("", "/", "/var", "eth0"),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> unit = Arbitraries.of("pct", "bytes", "bps", "count");
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MAX_VALUE));
        Arbitrary<Long> at = Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_000_000L + 600_000);
        Arbitrary<Messages.Sample> sample = Combinators.combine(metric, instance, value, unit, at).as(Messages.Sample::new);
        return sample.list().ofMaxSize(60).list().ofMinSize(1).ofMaxSize(4);
    }
}
