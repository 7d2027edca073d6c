package io.steward.bench.agents;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * What all of the fleet's connections share: one {@link HttpClient} (the JDK's WebSocket client: one selector thread
 * for every socket, listener callbacks on a small pool of {@code ioThreads} platform threads), the stream's URL, the
 * Declare frame (the same for every device, encoded once), the counters and one timer thread for resends and
 * reconnects. The JDK's per-connection WebSocket buffers default to 16 KiB each for writing and encoding; frames here
 * are a few KiB, so unless told otherwise they are 4 KiB, which keeps 20,000 connections to a modest heap.
 */
final class StreamFleet implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final long RECONNECT_SECONDS = 5;

    private final URI uri;
    private final HttpClient client;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;
    private final byte[] declareFrame;
    private final StreamStats stats;
    private final AgentChannel v1;
    private volatile boolean stopping;

    StreamFleet(AgentChannel v1, URI server, String fingerprint, boolean insecure, int ioThreads, List<StreamFrame.SeriesDef> series,
                StreamStats stats) {
        this.v1 = v1;
        for (String p : List.of("jdk.httpclient.websocket.writeBufferSize", "jdk.httpclient.websocket.intermediateBufferSize")) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "4096");
            }
        }
        this.uri = streamUri(server);
        this.stats = stats;
        this.declareFrame = StreamCodec.encode(new StreamFrame.Declare(series));
        // 0 threads: the callbacks run on the client's selector thread itself, which saves a hand-off per frame; they
        // only decode and count (and sign a hello), never block.
        this.io = ioThreads == 0 ? new DirectExecutor()
                : Executors.newFixedThreadPool(ioThreads, Thread.ofPlatform().daemon().name("stream-io-", 0).factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stream-timer").factory());
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).executor(io);
        this.client = AgentChannel.trust(b, uri, fingerprint, insecure).build();
    }

    /** Runs each task in the thread that hands it in. */
    private static final class DirectExecutor extends java.util.concurrent.AbstractExecutorService {
        private volatile boolean shut;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** The stream's URL on the agent base URL: https → wss, http → ws, and {@link StreamProtocol#PATH} under its path. */
    static URI streamUri(URI server) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        String ws = switch (scheme) {
            case "https", "wss" -> "wss";
            case "http", "ws" -> "ws";
            default -> throw new IllegalArgumentException("the server URL must be http(s)://…, got " + server);
        };
        String base = server.getRawPath() == null ? "" : server.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(ws + "://" + server.getRawAuthority() + base + StreamProtocol.PATH);
    }

    /** A short name of what went wrong, for counting failures by kind. */
    static String describe(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (e instanceof java.net.http.WebSocketHandshakeException h) {
            return "upgrade-" + h.getResponse().statusCode();
        }
        if (e instanceof java.net.ConnectException) {
            return "refused";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "tls";
        }
        return e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The hello's signature: the same bytes as {@code DeviceKeys.sign} (Ed25519 is deterministic; AgentChannelSignTest),
     * by the v1 channel's Bouncy Castle signer, which costs the shared cores less during the ramp than the JDK's.
     */
    String sign(java.security.PrivateKey key, String text) {
        return v1.sign(key, text);
    }

    URI uri() {
        return uri;
    }

    HttpClient client() {
        return client;
    }

    byte[] declareFrame() {
        return declareFrame;
    }

    StreamStats stats() {
        return stats;
    }

    private volatile java.util.function.Consumer<SimulatedDevice> planFetches = device -> {
    };
    private volatile java.util.function.Consumer<StreamConnection> starts = connection -> {
    };

    /** Who hears that the ramp started a device (its agent runs from then on). */
    void onStart(java.util.function.Consumer<StreamConnection> started) {
        starts = started;
    }

    void started(StreamConnection connection) {
        starts.accept(connection);
    }

    /** Who fetches a device's plan over v1 when a stream heartbeat names one it has not fetched. */
    void onPlanChange(java.util.function.Consumer<SimulatedDevice> fetch) {
        planFetches = fetch;
    }

    void planChanged(SimulatedDevice device) {
        stats.planFetches.increment();
        planFetches.accept(device);
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    void later(long delay, TimeUnit unit, Runnable task) {
        if (!stopping) {
            try {
                timer.schedule(task, delay, unit);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // The run ended between the check and the schedule: nothing to resend or reopen any more.
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        timer.shutdownNow();
        client.shutdownNow();
        io.shutdownNow();
    }
}
