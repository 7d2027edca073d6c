package io.steward.server.devices.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.steward.protocol.stream.StreamProtocol;
import io.steward.server.devices.DeviceService;
import io.steward.server.devices.MonitoringService;
import io.steward.server.telemetry.TelemetryService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The agents' long-lived connections (protocol v2, {@link StreamProtocol}): the agent channel hands the upgrade
 * request of {@link StreamProtocol#PATH} here, and each accepted WebSocket gets its own {@link StreamConnection}.
 * Holds what the connections share: the device registry (keys and standing), the monitoring plans and the liveness
 * writer for heartbeats, the telemetry intake, a random source for challenges, one timer for hello deadlines and the
 * threads that send answers (never the batch writer's).
 */
@Component
class AgentStreams implements DisposableBean {
    /** Batches one connection may have waiting for their commit; past it the agent is told to wait (busy). */
    static final int IN_FLIGHT_PER_CONNECTION = 64;

    final DeviceService devices;
    final MonitoringService monitoring;
    final DeviceLiveness liveness;
    final TelemetryService telemetry;
    final Clock clock;
    final SecureRandom random = new SecureRandom();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agent-stream-timer").daemon(true).factory());
    final ExecutorService senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-stream-send-", 0).factory());
    private final AtomicInteger open = new AtomicInteger();
    /** Metric batches taken in over streams (what an operator watches to see agents on protocol v2). */
    final Counter batches;
    private final ServerEndpointConfig config;

    AgentStreams(DeviceService devices, MonitoringService monitoring, DeviceLiveness liveness, TelemetryService telemetry, Clock clock, MeterRegistry meters) {
        this.devices = devices;
        this.monitoring = monitoring;
        this.liveness = liveness;
        this.telemetry = telemetry;
        this.clock = clock;
        Gauge.builder("steward.agent.streams", open, AtomicInteger::get).description("Agent streams (protocol v2) open now").register(meters);
        this.batches = Counter.builder("steward.agent.stream.batches").description("Metric batches received over agent streams").register(meters);
        this.config = ServerEndpointConfig.Builder.create(StreamConnection.class, StreamProtocol.PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return (T) new StreamConnection(AgentStreams.this);
                    }
                }).build();
    }

    /**
     * Turns the request into a WebSocket; false when this server's container cannot (the caller answers the request).
     */
    boolean upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object container = request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            return false;
        }
        try {
            server.upgradeHttpToWebSocket(request, response, config, Map.of());
            return true;
        } catch (DeploymentException e) {
            throw new IOException("The agent stream could not be opened", e);
        }
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    /** Connections open now, authenticated or not yet. */
    int open() {
        return open.get();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        senders.shutdown();
    }
}
