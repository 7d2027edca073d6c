package io.steward.agent.update;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Asks for updates at the heartbeat cadence on its own thread (the heartbeat message stays as it is), and ends the
 * process with {@link #RESTART} when a verified update is staged or this version's trial ran out, so that systemd
 * (Restart=on-failure) starts the launcher again, which runs whatever {@link ReleaseDirectory} names current.
 */
public final class UpdateLoop {
    /** EX_TEMPFAIL: the exit status that asks the service manager for a restart. */
    public static final int RESTART = 75;
    private static final Logger LOG = Logger.getLogger(UpdateLoop.class.getName());

    private final Updater updater;
    private final Duration every;
    private final IntConsumer exit;
    private Thread thread;

    public UpdateLoop(Updater updater, Duration every, IntConsumer exit) {
        this.updater = updater;
        this.every = every;
        this.exit = exit;
    }

    public void start() {
        thread = Thread.ofVirtual().name("updates").start(this::loop);
    }

    public void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every);
                if (updater.trialExpired()) {
                    exit.accept(RESTART);
                    return;
                }
                if (updater.check() instanceof Updater.Outcome.Staged) {
                    exit.accept(RESTART);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning(() -> "update checks stopped: " + e);
        }
    }
}
