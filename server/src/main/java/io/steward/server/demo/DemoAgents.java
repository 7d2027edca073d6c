package io.steward.server.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.server.platform.TlsIdentity;
import io.steward.server.telemetry.SyntheticSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Demo devices that stay live: for each, a virtual thread that sends a heartbeat every {@code steward.demo.agent-interval}
 * and its metrics every other time, as a real agent does: JSON signed with the device's key, over HTTPS to the agent
 * port, the server's certificate pinned by its fingerprint. The metrics follow the curves the device's history was
 * written from, so the charts run on from the past without a jump. Runs inside the server, only in demo mode.
 */
@Component
class DemoAgents implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DemoAgents.class);

    private final TlsIdentity tls;
    private final ObjectMapper json;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    DemoAgents(TlsIdentity tls, ObjectMapper json, Clock clock) {
        this.tls = tls;
        this.json = json;
        this.clock = clock;
    }

    /** Starts one agent per member, each sending its curves. */
    synchronized void start(List<DemoFleet.Member> members, Duration interval) {
        HttpClient http = HttpClient.newBuilder().sslContext(pinned(tls.fingerprint())).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://localhost:" + tls.port();
        for (DemoFleet.Member m : members) {
            Agent agent = new Agent(m, DemoFleet.series(m), http, base);
            threads.add(Thread.ofVirtual().name("demo-agent-" + m.plan().hostname()).start(() -> agent.run(interval)));
        }
        log.info("Demo: {} live agent(s) report over HTTPS to {} every {} s", members.size(), base, interval.toSeconds());
    }

    /** Started by the demo seeder once the demo data is there, not with the context. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public void start() {
    }

    /** Stops the agents before the web server stops (the highest phase stops first), so they do not report a refused connection. */
    @Override
    public synchronized void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
        threads.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !threads.isEmpty();
    }

    private final class Agent {
        private final DemoFleet.Member member;
        private final List<SyntheticSeries> series;
        private final HttpClient http;
        private final String base;
        /** Above every sequence number an earlier run of this agent used (milliseconds then, times 1000). */
        private final AtomicLong seq;
        private boolean failing;

        Agent(DemoFleet.Member member, List<SyntheticSeries> series, HttpClient http, String base) {
            this.member = member;
            this.series = series;
            this.http = http;
            this.base = base;
            this.seq = new AtomicLong(clock.millis() * 1000);
        }

        void run(Duration interval) {
            long tick = 0;
            while (!stopped) {
                try {
                    Instant now = clock.instant();
                    send(AgentProtocol.HEARTBEAT_PATH, new Messages.Heartbeat(seq.incrementAndGet(), now.toEpochMilli(), 0));
                    if (tick++ % 2 == 0) {
                        List<Messages.Sample> samples = series.stream().map(s -> new Messages.Sample(s.metric(), s.instance(),
                                s.valueAt(now, ThreadLocalRandom.current().nextDouble() - 0.5), "pct", now.toEpochMilli())).toList();
                        send(AgentProtocol.METRICS_PATH, new Messages.MetricBatch(seq.incrementAndGet(), samples));
                    }
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | java.io.IOException e) {
                    if (!failing) {
                        log.warn("Demo agent {}: {}", member.plan().hostname(), e.toString());
                    }
                    failing = true;
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        private void send(String path, Object message) throws java.io.IOException, InterruptedException {
            byte[] body = json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
            long ts = clock.instant().getEpochSecond();
            String signature = DeviceKeys.sign(member.key(), AgentProtocol.canonicalRequest("POST", path, ts, body));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                    .header(AgentProtocol.DEVICE_HEADER, member.id().toString()).header(AgentProtocol.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(AgentProtocol.SIGNATURE_HEADER, signature).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            if (failing) {
                log.info("Demo agent {} reports again", member.plan().hostname());
                failing = false;
            }
        }
    }

    /** Trusts exactly the certificate with this SHA-256 fingerprint, as an agent that pinned it at enrollment does. */
    static SSLContext pinned(String fingerprint) {
        X509TrustManager trust = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    String seen = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!seen.equals(fingerprint)) {
                        throw new CertificateException("certificate fingerprint " + seen + " is not the pinned " + fingerprint);
                    }
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
