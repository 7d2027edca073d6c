package io.steward.protocol.stream;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamCodecTest {

    @Property(tries = 200)
    void batchesComeBackAsSent(@ForAll("batches") StreamFrame.Batch batch) {
        StreamFrame.Batch back = (StreamFrame.Batch) StreamCodec.decode(StreamCodec.encode(batch));
        assertThat(back.seq()).isEqualTo(batch.seq());
        assertThat(back.baseAt()).isEqualTo(batch.baseAt());
        assertThat(back.series()).containsExactly(batch.series());
        assertThat(back.offsets()).containsExactly(batch.offsets());
        // Bit for bit: a value written as a 32-bit float is one that a 32-bit float holds exactly.
        assertThat(Arrays.stream(back.values()).mapToLong(Double::doubleToLongBits).toArray())
                .containsExactly(Arrays.stream(batch.values()).mapToLong(Double::doubleToLongBits).toArray());
    }

    @Provide
    Arbitrary<StreamFrame.Batch> batches() {
        return Arbitraries.integers().between(0, 300).flatMap(n -> {
            Arbitrary<int[]> series = Arbitraries.integers().between(0, 5000).array(int[].class).ofSize(n);
            Arbitrary<double[]> values = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.doubles().between(0, 100).ofScale(1),
                    Arbitraries.of(0.0, -0.0, 1e300, Double.MIN_VALUE, Double.NaN)).array(double[].class).ofSize(n);
            Arbitrary<int[]> offsets = Arbitraries.integers().array(int[].class).ofSize(n);
            return net.jqwik.api.Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs(), series, values, offsets)
                    .as(StreamFrame.Batch::new);
        });
    }

    @Test
    void everyOtherFrameComesBackAsSent() {
        List<StreamFrame> frames = List.of(new StreamFrame.Challenge(new byte[] {1, 2, 3}),
                new StreamFrame.Hello("7d4c2a5e-0000-4000-8000-000000000001", "c2lnbmF0dXJl", "1.2.3"),
                new StreamFrame.Welcome(1_765_000_000_000L),
                new StreamFrame.Declare(List.of(new StreamFrame.SeriesDef(0, "cpu.usage", "", "pct"), new StreamFrame.SeriesDef(7, "fs.used", "/var", "pct"))),
                new StreamFrame.Ack(5, 18, false, Map.of(3, "value must be a finite number")),
                new StreamFrame.Ack(6, 0, true, Map.of()),
                new StreamFrame.Busy(9, 2, "queue full"),
                new StreamFrame.Refused(10, "nothing storable", Map.of(0, "unknown series 99")),
                new StreamFrame.Alive(12), new StreamFrame.Alive(0),
                new StreamFrame.Status(1_765_000_000_000L, -4_611_686_018_427_387_904L), new StreamFrame.Status(1, Long.MAX_VALUE));
        for (StreamFrame f : frames) {
            StreamFrame back = StreamCodec.decode(StreamCodec.encode(f));
            if (f instanceof StreamFrame.Challenge c) {
                assertThat(((StreamFrame.Challenge) back).nonce()).containsExactly(c.nonce());
            } else {
                assertThat(back).isEqualTo(f);
            }
        }
    }

    @Test
    void aBatchOfOneHundredSamplesIsSmall() {
        int n = 100;
        int[] series = new int[n];
        double[] values = new double[n];
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            series[i] = i % 20;
            values[i] = 40.5 + i;
            offsets[i] = i * 10;
        }
        // Numbers, not names: ~9 bytes a sample against ~80 in protocol v1's JSON.
        assertThat(StreamCodec.encode(new StreamFrame.Batch(123, 1_765_000_000_000L, series, values, offsets)).length).isLessThan(n * 10);
    }

    @Test
    void whatIsNotExactlyOneValidFrameIsMalformed() {
        byte[] batch = StreamCodec.encode(new StreamFrame.Batch(1, 0, new int[] {1, 2}, new double[] {1, 2}, new int[] {0, 0}));
        assertThatThrownBy(() -> StreamCodec.decode(new byte[0])).isInstanceOf(StreamCodec.MalformedFrame.class);
        assertThatThrownBy(() -> StreamCodec.decode("not cbor at all".getBytes())).isInstanceOf(StreamCodec.MalformedFrame.class);
        // Truncated, and with a second frame after the first.
        assertThatThrownBy(() -> StreamCodec.decode(Arrays.copyOf(batch, batch.length - 3))).isInstanceOf(StreamCodec.MalformedFrame.class);
        byte[] twice = Arrays.copyOf(batch, batch.length * 2);
        System.arraycopy(batch, 0, twice, batch.length, batch.length);
        assertThatThrownBy(() -> StreamCodec.decode(twice)).isInstanceOf(StreamCodec.MalformedFrame.class);
        // Columns of different lengths.
        assertThatThrownBy(() -> StreamCodec.encode(new StreamFrame.Batch(1, 0, new int[] {1}, new double[] {1, 2}, new int[] {0})))
                .isInstanceOf(IllegalArgumentException.class);
        // More samples than a batch may have.
        int big = StreamProtocol.MAX_SAMPLES + 1;
        byte[] tooMany = StreamCodec.encode(new StreamFrame.Batch(1, 0, new int[big], new double[big], new int[big]));
        assertThatThrownBy(() -> StreamCodec.decode(tooMany)).isInstanceOf(StreamCodec.MalformedFrame.class).hasMessageContaining("5000");
        // A frame without its type, or of a type nobody knows.
        assertThatThrownBy(() -> StreamCodec.decode(StreamCodec.encode(new StreamFrame.Welcome(1)), 0, 1)).isInstanceOf(StreamCodec.MalformedFrame.class);
    }

    @Property(tries = 300)
    void randomBytesAreNeverAnythingButMalformedOrAFrame(@ForAll byte[] junk) {
        try {
            assertThat(StreamCodec.decode(junk)).isNotNull();
        } catch (StreamCodec.MalformedFrame expected) {
            assertThat(expected).hasMessageNotContaining("NullPointer");
        }
    }
}
