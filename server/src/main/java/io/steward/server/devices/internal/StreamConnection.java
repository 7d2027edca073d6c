package io.steward.server.devices.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.telemetry.BatchRejected;
import io.steward.server.telemetry.IngestBusy;
import io.steward.server.telemetry.TelemetryService;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's connection (protocol v2). It opens with a fresh challenge and accepts nothing but a hello signed by a
 * known device's key over it; from then on it is that device's, and only its batches and heartbeats are taken. The container calls
 * {@link #onFrame} for one frame at a time, so the series table needs no lock; answers are sent from other threads
 * (after the batch writer's commit), one at a time under {@link #sending}.
 * Invariants: nothing is stored before the hello verified; a malformed or oversized frame closes the connection and
 * stores nothing; a batch is stored under the device of the hello only, and only while that device is approved (its
 * standing is checked again for every batch, so retiring a device ends its connection at its next frame).
 */
public class StreamConnection extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    private final AgentStreams streams;
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, StreamFrame.SeriesDef> series = new HashMap<>();
    private Session session;
    /** The parts of the frame arriving now; null between frames. Only the container's reading thread touches it. */
    private java.io.ByteArrayOutputStream assembling;
    private boolean tooBig;
    private byte[] nonce;
    private ScheduledFuture<?> helloDeadline;
    private volatile DeviceService.Credentials device;

    StreamConnection(AgentStreams streams) {
        this.streams = streams;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        streams.opened();
        // Frames arrive in parts of the container's small default buffer and are put together here, only while one
        // arrives: a buffer of the largest frame's size kept per connection would cost 20,000 agents 10 GB.
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onPart);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> close(StreamProtocol.CLOSE_MALFORMED, "frames are binary CBOR"));
        nonce = new byte[StreamProtocol.NONCE_BYTES];
        streams.random.nextBytes(nonce);
        helloDeadline = streams.timer.schedule(() -> {
            if (device == null) {
                close(StreamProtocol.CLOSE_UNAUTHENTICATED, "no valid hello in time");
            }
        }, StreamProtocol.HELLO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        send(new StreamFrame.Challenge(nonce));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        streams.closed();
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        log.debug("Agent stream {} failed: {}", device == null ? "(not signed in)" : device.id(), error.toString());
    }

    private void onPart(ByteBuffer part, boolean last) {
        if (tooBig) {
            return;
        }
        if (last && assembling == null) {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            onFrame(bytes);
            return;
        }
        if (assembling == null) {
            assembling = new java.io.ByteArrayOutputStream(Math.max(1024, part.remaining() * 2));
        }
        if (assembling.size() + part.remaining() > StreamProtocol.MAX_FRAME_BYTES) {
            tooBig = true;
            assembling = null;
            close(StreamProtocol.CLOSE_TOO_BIG, "a frame is at most " + StreamProtocol.MAX_FRAME_BYTES + " bytes");
            return;
        }
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        assembling.writeBytes(chunk);
        if (last) {
            byte[] bytes = assembling.toByteArray();
            assembling = null;
            onFrame(bytes);
        }
    }

    private void onFrame(byte[] bytes) {
        StreamFrame frame;
        try {
            frame = StreamCodec.decode(bytes);
        } catch (StreamCodec.MalformedFrame e) {
            close(StreamProtocol.CLOSE_MALFORMED, e.getMessage());
            return;
        }
        if (device == null) {
            if (frame instanceof StreamFrame.Hello hello) {
                hello(hello);
            } else {
                close(StreamProtocol.CLOSE_UNAUTHENTICATED, "the first frame is a hello");
            }
            return;
        }
        switch (frame) {
            case StreamFrame.Declare d -> declare(d);
            case StreamFrame.Batch b -> batch(b);
            case StreamFrame.Alive a -> alive();
            default -> close(StreamProtocol.CLOSE_POLICY, "an agent sends declarations, batches and heartbeats on a signed-in connection");
        }
    }

    private void hello(StreamFrame.Hello hello) {
        DeviceId id;
        try {
            id = DeviceId.parse(hello.deviceId());
        } catch (NotFoundException | IllegalArgumentException e) {
            close(StreamProtocol.CLOSE_UNAUTHENTICATED, "unknown device or bad signature");
            return;
        }
        Optional<DeviceService.Credentials> credentials = streams.devices.credentials(id);
        if (credentials.isEmpty() || !SignatureCheck.verify(credentials.get().key(), StreamProtocol.helloText(id.toString(), nonce), hello.signature())) {
            close(StreamProtocol.CLOSE_UNAUTHENTICATED, "unknown device or bad signature");
            return;
        }
        if (!"APPROVED".equals(credentials.get().status())) {
            close(StreamProtocol.CLOSE_FORBIDDEN, "RETIRED".equals(credentials.get().status()) ? "this device was retired" : "this device waits for approval");
            return;
        }
        device = credentials.get();
        helloDeadline.cancel(false);
        send(new StreamFrame.Welcome(streams.clock.millis()));
    }

    private void declare(StreamFrame.Declare declare) {
        for (StreamFrame.SeriesDef s : declare.series()) {
            StreamFrame.SeriesDef before = series.get(s.id());
            if (before != null && !before.equals(s)) {
                close(StreamProtocol.CLOSE_POLICY, "series " + s.id() + " was declared before as something else");
                return;
            }
            if (before == null && series.size() == StreamProtocol.MAX_SERIES) {
                close(StreamProtocol.CLOSE_POLICY, "more than " + StreamProtocol.MAX_SERIES + " series on one connection");
                return;
            }
            series.put(s.id(), s);
        }
    }

    /**
     * The device's standing now, not at the hello: a retired device's (or re-enrolled one's) connection ends here, at its
     * next frame, with nothing stored.
     */
    private boolean stillApproved() {
        Optional<DeviceService.Credentials> now = streams.devices.credentials(device.id());
        if (now.isEmpty() || !"APPROVED".equals(now.get().status()) || !now.get().key().equals(device.key())) {
            close(StreamProtocol.CLOSE_FORBIDDEN, "this device is no longer approved");
            return false;
        }
        return true;
    }

    /** A heartbeat: the device's last contact is written with the next liveness flush; answered with its plan's digest. */
    private void alive() {
        if (!stillApproved()) {
            return;
        }
        streams.liveness.heard(device.id(), device.clientId());
        long plan;
        try {
            AgentDevice agent = new AgentDevice(device.id(), device.clientId(), true, 0);
            plan = TenantContext.callAs(TenantScope.of(device.clientId()), () -> streams.monitoring.planDigest(agent));
        } catch (RuntimeException e) {
            // No answer: the agent's wait runs out and it sends its heartbeat over v1, which says what went wrong.
            log.warn("The plan of device {} could not be read for its stream heartbeat: {}", device.id(), e.toString());
            return;
        }
        send(new StreamFrame.Status(streams.clock.millis(), plan));
    }

    private void batch(StreamFrame.Batch batch) {
        streams.batches.increment();
        if (!stillApproved()) {
            return;
        }
        if (!streams.telemetry.hasRoom(batch.size())) {
            send(new StreamFrame.Busy(batch.seq(), streams.telemetry.retryAfterSeconds(),
                    "The server is taking in more samples than it can store right now; send this batch again later."));
            return;
        }
        if (inFlight.incrementAndGet() > AgentStreams.IN_FLIGHT_PER_CONNECTION) {
            inFlight.decrementAndGet();
            send(new StreamFrame.Busy(batch.seq(), streams.telemetry.retryAfterSeconds(), "too many batches waiting on this connection"));
            return;
        }
        // Samples of series never declared are refused here; the intake checks the rest and its indexes are mapped back.
        List<Messages.Sample> samples = new ArrayList<>(batch.size());
        int[] original = new int[batch.size()];
        Map<Integer, String> undeclared = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            StreamFrame.SeriesDef s = series.get(batch.series()[i]);
            if (s == null) {
                undeclared.put(i, "series " + batch.series()[i] + " was not declared on this connection");
            } else {
                original[samples.size()] = i;
                samples.add(new Messages.Sample(s.metric(), s.instance(), batch.values()[i], s.unit(), batch.baseAt() + batch.offsets()[i]));
            }
        }
        if (samples.isEmpty() && !undeclared.isEmpty()) {
            inFlight.decrementAndGet();
            send(new StreamFrame.Refused(batch.seq(), "None of the " + undeclared.size() + " samples can be stored; do not send this batch again.", undeclared));
            return;
        }
        AgentDevice agent = new AgentDevice(device.id(), device.clientId(), true, batch.seq());
        TelemetryService.Submitted submitted;
        try {
            submitted = streams.telemetry.submit(agent, new Messages.MetricBatch(batch.seq(), samples));
        } catch (BatchRejected e) {
            inFlight.decrementAndGet();
            send(new StreamFrame.Refused(batch.seq(), e.getMessage(), merged(undeclared, e.rejected(), original)));
            return;
        } catch (IngestBusy e) {
            inFlight.decrementAndGet();
            send(new StreamFrame.Busy(batch.seq(), e.retryAfterSeconds(), e.getMessage()));
            return;
        } catch (ForbiddenException e) {
            inFlight.decrementAndGet();
            close(StreamProtocol.CLOSE_FORBIDDEN, e.getMessage());
            return;
        }
        submitted.stored().whenCompleteAsync((storedNow, failure) -> {
            inFlight.decrementAndGet();
            if (failure != null) {
                send(new StreamFrame.Busy(batch.seq(), streams.telemetry.retryAfterSeconds(), "the batch could not be stored now"));
            } else if (storedNow) {
                send(new StreamFrame.Ack(batch.seq(), submitted.accepted(), false, merged(undeclared, submitted.rejected(), original)));
            } else {
                send(new StreamFrame.Ack(batch.seq(), 0, true, Map.of()));
            }
        }, streams.senders);
    }

    /** The connection's own refusals and the intake's (whose indexes count only the samples it was given), by the batch's indexes. */
    private static Map<Integer, String> merged(Map<Integer, String> undeclared, Map<Integer, String> intake, int[] original) {
        if (intake.isEmpty()) {
            return undeclared;
        }
        Map<Integer, String> all = new TreeMap<>(undeclared);
        intake.forEach((index, why) -> all.put(original[index], why));
        return all;
    }

    private void send(StreamFrame frame) {
        sending.lock();
        try {
            if (session.isOpen()) {
                session.getBasicRemote().sendBinary(ByteBuffer.wrap(StreamCodec.encode(frame)));
            }
        } catch (IOException | IllegalStateException e) {
            // The agent went away: what it did not hear acknowledged it sends again, and is stored once.
            log.debug("Answer to agent stream {} not sent: {}", device == null ? "(not signed in)" : device.id(), e.toString());
        } finally {
            sending.unlock();
        }
    }

    private void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException e) {
            log.debug("Agent stream close failed: {}", e.toString());
        }
    }
}
