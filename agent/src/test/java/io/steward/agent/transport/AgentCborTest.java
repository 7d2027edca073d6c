package io.steward.agent.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's hand-written CBOR against the protocol's codec (Jackson's streaming CBOR, as the server runs it): what the
 * agent writes, the server reads as the same frame; what the server writes, the agent reads as the same frame; and
 * bytes that are no such frame are refused as malformed, never with another exception.
 */
class AgentCborTest {

    @Property(tries = 500)
    void theServerReadsTheAgentsFramesAsTheyWereMeant(@ForAll("agentFrames") StreamFrame frame) {
        assertSame(StreamCodec.decode(AgentCbor.encode(frame)), frame);
    }

    @Property(tries = 500)
    void theAgentReadsTheServersFramesAsTheyWereMeant(@ForAll("serverFrames") StreamFrame frame) {
        assertSame(AgentCbor.decode(StreamCodec.encode(frame)), frame);
    }

    @Property(tries = 1000)
    void anythingElseIsMalformedNeverAnotherFailure(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            AgentCbor.decode(bytes);
        } catch (AgentCbor.MalformedFrame expected) {
            // the only way to fail
        }
    }

    @Property(tries = 300)
    void aServerFrameCutShortIsMalformed(@ForAll("serverFrames") StreamFrame frame, @ForAll("fractions") double cut) {
        byte[] whole = StreamCodec.encode(frame);
        byte[] part = Arrays.copyOf(whole, (int) (whole.length * cut));
        assertThatThrownBy(() -> AgentCbor.decode(part)).isInstanceOf(AgentCbor.MalformedFrame.class);
    }

    @Test
    void unknownFieldsOfAnyShapeAreSkipped() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xbf); // a map of indefinite length, as Jackson writes them
        text(b, "x");
        b.writeBytes(new byte[] {(byte) 0x85, 0x01, (byte) 0xa1, 0x61, 'a', (byte) 0xf9, 0x3e, 0x00, 0x41, 0x00, (byte) 0xf5, (byte) 0xf6});
        text(b, "t");
        text(b, "welcome");
        text(b, "later");
        b.writeBytes(new byte[] {(byte) 0x9f, 0x3a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfb, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        text(b, "time");
        b.writeBytes(new byte[] {0x1b, 0, 0, 1, (byte) 0x9a, 0, 0, 0, 0});
        b.write(0xff);
        assertThat(AgentCbor.decode(b.toByteArray())).isEqualTo(new StreamFrame.Welcome(0x19a00000000L));
    }

    @Test
    void framesTheAgentDoesNotReadAreMalformed() {
        byte[] batch = StreamCodec.encode(new StreamFrame.Batch(1, 2, new int[] {0}, new double[] {1}, new int[] {0}));
        assertThatThrownBy(() -> AgentCbor.decode(batch)).isInstanceOf(AgentCbor.MalformedFrame.class).hasMessageContaining("batch");
        byte[] tagged = {(byte) 0xc1, (byte) 0xa0};
        assertThatThrownBy(() -> AgentCbor.decode(tagged)).isInstanceOf(AgentCbor.MalformedFrame.class);
        byte[] trailing = Arrays.copyOf(StreamCodec.encode(new StreamFrame.Welcome(1)), StreamCodec.encode(new StreamFrame.Welcome(1)).length + 1);
        assertThatThrownBy(() -> AgentCbor.decode(trailing)).isInstanceOf(AgentCbor.MalformedFrame.class).hasMessageContaining("exactly one");
        byte[] deep = {(byte) 0xa1, 0x61, 'x', (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, 0x00};
        assertThatThrownBy(() -> AgentCbor.decode(deep)).isInstanceOf(AgentCbor.MalformedFrame.class).hasMessageContaining("deeper");
    }

    private static void text(ByteArrayOutputStream b, String s) {
        byte[] t = s.getBytes(StandardCharsets.UTF_8);
        b.write(0x60 | t.length);
        b.writeBytes(t);
    }

    /** Field by field: the frames hold arrays, which records compare by identity. */
    private static void assertSame(StreamFrame read, StreamFrame sent) {
        assertThat(read).hasSameClassAs(sent);
        switch (sent) {
            case StreamFrame.Batch b -> {
                StreamFrame.Batch r = (StreamFrame.Batch) read;
                assertThat(r.seq()).isEqualTo(b.seq());
                assertThat(r.baseAt()).isEqualTo(b.baseAt());
                assertThat(r.series()).containsExactly(b.series());
                assertThat(r.offsets()).containsExactly(b.offsets());
                // Bit for bit: NaN, infinities and -0.0 too.
                assertThat(Arrays.equals(r.values(), b.values())).as(Arrays.toString(r.values())).isTrue();
            }
            case StreamFrame.Challenge c -> assertThat(((StreamFrame.Challenge) read).nonce()).containsExactly(c.nonce());
            default -> assertThat(read).isEqualTo(sent);
        }
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.99).ofScale(3);
    }

    private static Arbitrary<String> text() {
        // Well-formed text (a lone surrogate has no UTF-8 form; neither side sends one).
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff').ofMaxLength(60);
    }

    @Provide
    Arbitrary<StreamFrame> agentFrames() {
        Arbitrary<StreamFrame> hello = Combinators.combine(text(), text(), Arbitraries.oneOf(text(), Arbitraries.just((String) null)))
                .as(StreamFrame.Hello::new);
        Arbitrary<StreamFrame.SeriesDef> def = Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), text(), text(), text())
                .as(StreamFrame.SeriesDef::new);
        Arbitrary<StreamFrame> declare = def.list().ofMaxSize(40).map(StreamFrame.Declare::new);
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.doubles().between(-1e6, 1e6).ofScale(1),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                        (double) Float.MAX_VALUE, 1e39));
        Arbitrary<StreamFrame> batch = Arbitraries.integers().between(0, 300).flatMap(n -> Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(n),
                value.list().ofSize(n).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(n)).as(StreamFrame.Batch::new));
        Arbitrary<StreamFrame> alive = Arbitraries.longs().map(StreamFrame.Alive::new);
        return Arbitraries.oneOf(hello, declare, batch, alive);
    }

    @Provide
    Arbitrary<StreamFrame> serverFrames() {
        Arbitrary<StreamFrame> challenge = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(StreamFrame.Challenge::new);
        Arbitrary<StreamFrame> welcome = Arbitraries.longs().map(StreamFrame.Welcome::new);
        Arbitrary<Map<Integer, String>> rejected = Arbitraries.maps(Arbitraries.integers().between(0, 4999), text()).ofMaxSize(20);
        Arbitrary<StreamFrame> ack = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 5000), Arbitraries.of(true, false), rejected)
                .as(StreamFrame.Ack::new);
        Arbitrary<StreamFrame> busy = Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), text()).as(StreamFrame.Busy::new);
        Arbitrary<StreamFrame> refused = Combinators.combine(Arbitraries.longs(), text(), rejected).as(StreamFrame.Refused::new);
        Arbitrary<StreamFrame> status = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(StreamFrame.Status::new);
        return Arbitraries.oneOf(challenge, welcome, ack, busy, refused, status);
    }

    @Test
    void aHelloAsTheAgentSendsIt() {
        StreamFrame.Hello hello = new StreamFrame.Hello("5b2f0000-0000-4000-8000-000000000001", "c2lnbmF0dXJl", "0.1.0");
        assertThat(StreamCodec.decode(AgentCbor.encode(hello))).isEqualTo(hello);
        assertThat(AgentCbor.encode(hello)[0]).as("a map of four entries").isEqualTo((byte) 0xa4);
    }
}
