package io.steward.bench.protection;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.bench.ServerCpu;
import io.steward.bench.patches.ScanningDevice;
import io.steward.bench.servicedesk.Latencies;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.signer.state.JsonFiles;

/**
 * Delivers rounds of check results (one signed request per device, {@code concurrency} in flight) and measures each:
 * wall time, request latency, errors, and the server's and PostgreSQL's CPU over it. Every device keeps its own message
 * sequence (the server refuses a seq twice), shared with its backup reports.
 */
final class Rounds {
    private final HttpClient http;
    private final String base;
    private final ExecutorService pool;
    private final ServerCpu cpu;
    private final CheckFleet fleet;
    private final long[] seq;

    /** One round's figures. */
    record Round(String label, int requests, long results, double seconds, double serverCpu, double pgCpu, Latencies latency, int errors,
                 long opened, long closed, long stillFailing) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%s: %d requests (%d results) in %.1f s = %.0f req/s; request p50 %.1f p99 %.1f ms; errors %d; "
                            + "episodes opened %d, closed %d, still failing %d; CPU s: server %.1f, PostgreSQL %.1f; load %s", label, requests, results,
                    seconds, requestsPerSecond(), latency.percentileMs(50), latency.percentileMs(99), errors, opened, closed, stillFailing, serverCpu, pgCpu,
                    ServerCpu.loadAverage());
        }
    }

    Rounds(HttpClient http, String base, ExecutorService pool, ServerCpu cpu, CheckFleet fleet, int maxDevices) {
        this.http = http;
        this.base = base;
        this.pool = pool;
        this.cpu = cpu;
        this.fleet = fleet;
        this.seq = new long[maxDevices];
    }

    /** The next round of check results from each of {@code devices}. */
    Round checks(String label, List<ScanningDevice> devices) throws Exception {
        fleet.resetCounts();
        return deliver(label, devices, true, d -> {
            SecurityCheckMessages.Results r = fleet.round(d.index, ++seq[d.index], System.currentTimeMillis());
            return new Message(SecurityCheckMessages.RESULTS_PATH, JsonFiles.JSON.writeValueAsBytes(r));
        });
    }

    /** One backup report from each of {@code devices}. */
    Round backups(String label, List<ScanningDevice> devices, long seed) throws Exception {
        fleet.resetCounts();
        return deliver(label, devices, true, d -> {
            BackupMessages.Report r = BackupJobs.report(seed, d.index, ++seq[d.index], System.currentTimeMillis());
            return new Message(BackupMessages.REPORT_PATH, JsonFiles.JSON.writeValueAsBytes(r));
        });
    }

    /** One inventory from each of {@code devices}, with {@code packages} installed packages. */
    Round inventories(String label, List<ScanningDevice> devices, int packages) throws Exception {
        fleet.resetCounts();
        return deliver(label, devices, false, d -> new Message(AgentProtocol.INVENTORY_PATH,
                JsonFiles.JSON.writeValueAsBytes(Inventories.inventory(d.index, ++seq[d.index], packages))));
    }

    private record Message(String path, byte[] body) {
    }

    private interface Maker {
        Message make(ScanningDevice d) throws Exception;
    }

    /** {@code accepted}: the answer must be 200 with {@code "accepted":true}; otherwise any 2xx. */
    private Round deliver(String label, List<ScanningDevice> devices, boolean accepted, Maker maker) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        long[] latency = new long[devices.size()];
        double[] before = cpu.seconds();
        long start = System.nanoTime();
        List<Future<?>> pending = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            ScanningDevice d = devices.get(i);
            int slot = i;
            pending.add(pool.submit(() -> {
                Message m = maker.make(d);
                long t = System.nanoTime();
                HttpResponse<String> r = d.post(http, base, m.path(), m.body());
                latency[slot] = System.nanoTime() - t;
                boolean ok = r != null && (accepted ? r.statusCode() == 200 && r.body().contains("\"accepted\":true") : r.statusCode() / 100 == 2);
                if (!ok) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println(label + ": device " + d.index + " answered " + (r == null ? "nothing" : r.statusCode() + " " + r.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] after = cpu.seconds();
        return new Round(label, devices.size(), fleet.results.get(), seconds, after[0] - before[0], after[1] - before[1], Latencies.of(latency),
                errors.get(), fleet.opened.get(), fleet.closed.get(), fleet.stillFailing.get());
    }
}
