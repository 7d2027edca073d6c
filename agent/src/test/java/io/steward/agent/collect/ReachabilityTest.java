package io.steward.agent.collect;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Latency and loss over TCP connects to a loopback listener. */
class ReachabilityTest {

    @Test
    void aListeningHostHasLatencyAndNoLoss() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Reachability r = new Reachability(() -> List.of("127.0.0.1"), List.of(Reachability.tcp(listener.getLocalPort())), 1000);
            List<Sample> samples = r.collect(9);
            assertThat(samples).hasSize(2);
            assertThat(samples.get(0)).isEqualTo(new Sample("net.loss_pct", "127.0.0.1", 0, "pct", 9));
            assertThat(samples.get(1).metric()).isEqualTo("net.latency_ms");
            assertThat(samples.get(1).unit()).isEqualTo("ms");
            assertThat(samples.get(1).instance()).isEqualTo("127.0.0.1");
            assertThat(samples.get(1).value()).isGreaterThanOrEqualTo(0.0).isLessThan(1000.0);
        }
    }

    @Test
    void aHostThatAnswersNothingHasFullLossAndNoLatency() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Reachability r = new Reachability(() -> List.of("127.0.0.1"), List.of(Reachability.tcp(closed)), 500);
        assertThat(r.collect(1)).containsExactly(new Sample("net.loss_pct", "127.0.0.1", 100, "pct", 1));
    }

    @Test
    void fallsBackToTheNextMethodOnceAndCountsLostProbes() throws Exception {
        AtomicInteger icmpAsked = new AtomicInteger();
        Reachability.Method silent = (host, timeout) -> {
            icmpAsked.incrementAndGet();
            return false;
        };
        AtomicInteger tcpAsked = new AtomicInteger();
        // Answers the first two probes, then stays silent: one of three lost.
        Reachability.Method flaky = (host, timeout) -> tcpAsked.incrementAndGet() <= 2;
        Reachability r = new Reachability(() -> List.of("localhost"), List.of(silent, flaky), 100);
        List<Sample> samples = r.collect(1);
        assertThat(samples.getFirst().value()).isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(samples).extracting(Sample::metric).containsExactly("net.loss_pct", "net.latency_ms");
        assertThat(icmpAsked).hasValue(1);
        assertThat(tcpAsked).hasValue(Reachability.PROBES);
        assertThat(new Reachability(List::of, List.of(silent), 100).collect(1)).isEmpty();
    }
}
