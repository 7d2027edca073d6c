package io.steward.bench.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Enrolls simulated devices over protocol v1 as the real agent does (a fresh key pair each, the enrollment token, an
 * unsigned POST), a bounded number at a time. Both simulator modes use it: v1 keeps sending over v1, the stream mode
 * switches to protocol v2 for metrics afterwards.
 */
final class Enrollment {
    private Enrollment() {
    }

    /**
     * Enrolls {@code agents} devices named {@code sim-<run>-00000…}; every one must come back APPROVED (an auto-approve
     * token), otherwise an IllegalStateException says which and why.
     */
    static List<AgentChannel.Enrolled> enroll(AgentChannel channel, String token, int agents, int concurrency, String run)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<AgentChannel.Enrolled>> pending = new ArrayList<>(agents);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < agents; i++) {
                String hostname = String.format("sim-%s-%05d", run, i);
                permits.acquire();
                pending.add(pool.submit(() -> {
                    try {
                        return channel.enroll(token, hostname);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<AgentChannel.Enrolled> enrolled = new ArrayList<>(pending.size());
        for (Future<AgentChannel.Enrolled> f : pending) {
            AgentChannel.Enrolled e;
            try {
                e = f.get();
            } catch (ExecutionException ex) {
                throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
            }
            if (!"APPROVED".equals(e.status())) {
                throw new IllegalStateException("device " + e.hostname() + " is " + e.status()
                        + ": the enrollment token must be auto-approve (\"autoApprove\": true) for the simulator");
            }
            enrolled.add(e);
        }
        return enrolled;
    }
}
