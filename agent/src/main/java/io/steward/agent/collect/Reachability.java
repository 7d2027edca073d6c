package io.steward.agent.collect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Sample;

/**
 * Latency and packet loss to the configured hosts: each round sends {@link #PROBES} probes to
 * every host, all hosts at once (virtual threads), and reports {@code net.loss_pct} (unit
 * {@code pct}, the share of probes without an answer) and, when at least one probe was
 * answered, {@code net.latency_ms} (unit {@code ms}, the mean round trip of those answered);
 * instance = the host as configured. A probe method is chosen per host and round: the first of
 * {@link #methods} that answers (ICMP echo where the agent may send it, else TCP connects to 443,
 * then 80) is used for the remaining probes, so a host that blocks ICMP costs one timeout, not
 * three. A host whose name does not resolve, or that answers none of them, has 100 % loss.
 */
public final class Reachability implements SampleSource {
    public static final int PROBES = 3;
    private static final Logger LOG = Logger.getLogger(Reachability.class.getName());

    /** One way of asking a host for an answer. */
    @FunctionalInterface
    public interface Method {
        /** True when the host answered within {@code timeoutMillis}. */
        boolean answers(InetAddress host, int timeoutMillis) throws IOException;
    }

    /**
     * ICMP echo through {@link InetAddress#isReachable}: the JDK sends a real ICMP echo where the
     * process may (root, CAP_NET_RAW or Linux's ping group range); otherwise it tries TCP port 7,
     * where a refused connection also counts as an answer.
     */
    public static final Method ICMP = InetAddress::isReachable;

    /** A TCP connection to {@code port} that is accepted. */
    public static Method tcp(int port) {
        return (host, timeoutMillis) -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), timeoutMillis);
                return true;
            } catch (IOException refusedOrTimedOut) {
                return false;
            }
        };
    }

    /** ICMP, then TCP 443, then TCP 80. */
    public static final List<Method> DEFAULT_METHODS = List.of(ICMP, tcp(443), tcp(80));

    private final Supplier<List<String>> hosts;
    private final List<Method> methods;
    private final int timeoutMillis;

    public Reachability(Supplier<List<String>> hosts, List<Method> methods, int timeoutMillis) {
        this.hosts = hosts;
        this.methods = List.copyOf(methods);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<String> targets = hosts.get();
        if (targets.isEmpty()) {
            return List.of();
        }
        List<Sample> out = new ArrayList<>(2 * targets.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<double[]>> results = new ArrayList<>(targets.size());
            for (String host : targets) {
                results.add(pool.submit(() -> probe(host)));
            }
            for (int i = 0; i < targets.size(); i++) {
                double[] r;
                try {
                    r = results.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    String host = targets.get(i);
                    LOG.warning(() -> "probing " + host + " failed: " + e.getCause());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return out;
                }
                String host = targets.get(i);
                out.add(new Sample("net.loss_pct", host, r[0], "pct", atMillis));
                if (r[1] >= 0) {
                    out.add(new Sample("net.latency_ms", host, r[1], "ms", atMillis));
                }
            }
        }
        return out;
    }

    /** Loss in % and the mean round trip in ms of the answered probes (-1 when none was answered). */
    double[] probe(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new double[] {100, -1};
        }
        Method chosen = null;
        int answered = 0;
        double totalMillis = 0;
        int sent = 0;
        // The first probe also finds the method: each method that stays silent costs one timeout.
        for (Method m : methods) {
            long t0 = System.nanoTime();
            if (answers(m, address)) {
                totalMillis += (System.nanoTime() - t0) / 1e6;
                answered++;
                chosen = m;
                break;
            }
        }
        sent++;
        if (chosen != null) {
            for (; sent < PROBES; sent++) {
                long t0 = System.nanoTime();
                if (answers(chosen, address)) {
                    totalMillis += (System.nanoTime() - t0) / 1e6;
                    answered++;
                }
            }
        } else {
            sent = PROBES; // nothing answers: the rest would be lost as well
        }
        double loss = 100.0 * (sent - answered) / sent;
        return new double[] {loss, answered == 0 ? -1 : totalMillis / answered};
    }

    private boolean answers(Method m, InetAddress address) {
        try {
            return m.answers(address, timeoutMillis);
        } catch (IOException e) {
            return false;
        }
    }
}
