package io.steward.bench.agents;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stream-sink}: a stand-in server ({@link StreamSink}) that acknowledges every batch at once and stores nothing,
 * to measure what the simulator itself costs per sample: run {@code agents --channel stream --server http://127.0.0.1:PORT}
 * against it and read the simulator's CPU line.
 */
@Command(name = "stream-sink", mixinStandardHelpOptions = true,
        description = "A stand-in agent server for measuring the stream simulator alone: acknowledges everything, stores nothing.")
public final class StreamSinkCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "18099", description = "loopback port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--seconds", defaultValue = "3600", description = "stop after this long (default ${DEFAULT-VALUE})")
    long seconds;

    @Override
    public Integer call() throws Exception {
        try (StreamSink sink = new StreamSink(port)) {
            System.out.println("stream sink on http://127.0.0.1:" + sink.port());
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long before = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(10_000);
                long now = sink.samples();
                System.out.printf("samples acknowledged: %d (%.0f/s over the last 10 s), batches %d%n", now, (now - before) / 10.0, sink.batches());
                before = now;
            }
        }
        return 0;
    }
}
