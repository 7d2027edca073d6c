package io.steward.agent.backup;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.steward.protocol.backup.BackupMessages;

/**
 * The agent's backup reports: a daemon thread (started only when the device has backup jobs or looks for Windows ones)
 * that reads the jobs every {@link BackupSettings#reportMinutes()} and posts the report through the agent's signed
 * outbox and spool. Reads never overlap each other or a restore test (both hold the reader's lock).
 */
public final class BackupAgent {
    private static final Logger LOG = Logger.getLogger(BackupAgent.class.getName());
    private final BackupReader reader;
    private final Consumer<BackupMessages.Report> post;
    private final Object wakeUp = new Object();
    private volatile boolean stopped;

    /** @param post sends a report to the server (numbering it), e.g. through the outbox */
    public BackupAgent(BackupReader reader, Consumer<BackupMessages.Report> post) {
        this.reader = reader;
        this.post = post;
    }

    public BackupReader reader() {
        return reader;
    }

    public void start() {
        Thread t = new Thread(null, this::runForever, "steward-backup", 256 * 1024);
        t.setDaemon(true);
        t.start();
    }

    public void stop() {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Reads the jobs now and posts the report; returns it. */
    public BackupMessages.Report reportNow() {
        BackupMessages.Report r;
        synchronized (reader) {
            r = reader.read();
        }
        post.accept(r);
        return r;
    }

    private void runForever() {
        Duration every = Duration.ofMinutes(reader.settings().reportMinutes());
        while (!stopped) {
            try {
                BackupMessages.Report r = reportNow();
                LOG.fine(() -> "backup report: " + r.jobs().size() + " jobs");
            } catch (RuntimeException e) {
                LOG.warning(() -> "backup report failed: " + e.getMessage());
            }
            synchronized (wakeUp) {
                try {
                    if (!stopped) {
                        wakeUp.wait(every.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
