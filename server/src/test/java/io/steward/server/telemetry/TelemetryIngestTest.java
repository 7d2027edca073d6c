package io.steward.server.telemetry;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.steward.protocol.AgentProtocol;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.TestAgent;
import io.steward.server.telemetry.internal.RollupPartitions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** The ingest path end to end: queue, batch writer, rollups, partitions and their row-level security, the series API. */
class TelemetryIngestTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    RollupPartitions partitions;

    @Autowired
    io.steward.server.telemetry.internal.RollupFold rollups;

    /** Latest values and rollups are written by the fold after the acknowledgement: written now, through the minute of {@code at}. */
    private void written(long at) {
        assertThat(rollups.write((at / 60_000 + 1) * 60_000)).isTrue();
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    private String token(String client) {
        String clientId = jsonString(adminApi().getJson("/api/v1/clients?q=" + client).body(), "id");
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"ingest\",\"expiresInHours\":2,\"maxUses\":50,\"autoApprove\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "token");
    }

    private TestAgent enrolled(String client, String hostname) {
        TestAgent agent = new TestAgent("http://localhost:" + port);
        assertThat(agent.enroll(token(client), hostname).statusCode()).isEqualTo(201);
        return agent;
    }

    private static String sample(String metric, String instance, double value, String unit, long at) {
        return "{\"metric\":\"" + metric + "\",\"instance\":\"" + instance + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\",\"at\":" + at + "}";
    }

    private static HttpResponse<String> send(TestAgent agent, long seq, String... samples) {
        return agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":" + seq + ",\"samples\":[" + String.join(",", samples) + "]}", Instant.now());
    }

    private <T> T system(java.util.function.Supplier<T> work) {
        return TenantContext.callAsSystem(work);
    }

    @Test
    void batchesBecomeLatestValuesAndRollupsAndAResendIsStoredOnce() throws InterruptedException {
        TestAgent agent = enrolled("Alpine", "rollup-host");
        UUID device = UUID.fromString(agent.deviceId);
        long minute = (System.currentTimeMillis() / 60_000) * 60_000;
        assertThat(send(agent, 1, sample("cpu.utilization", "", 10, "pct", minute + 1_000), sample("cpu.utilization", "", 30, "pct", minute + 2_000),
                sample("fs.used_pct", "/", 50, "pct", minute + 1_000)).statusCode()).isEqualTo(200);
        HttpResponse<String> second = send(agent, 2, sample("cpu.utilization", "", 20, "pct", minute + 3_000));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("\"accepted\":1");
        HttpResponse<String> resend = send(agent, 2, sample("cpu.utilization", "", 20, "pct", minute + 3_000));
        assertThat(resend.statusCode()).isEqualTo(200);
        assertThat(resend.headers().firstValue("Steward-Already-Stored")).hasValue("true");

        written(minute);
        var rollup = system(() -> jdbc().sql("SELECT min, max, sum, count FROM metric_minute WHERE device_id = ? AND metric = 'cpu.utilization' AND instance = ''")
                .param(device).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)}).single());
        assertThat(rollup).containsExactly(10, 30, 60, 3);
        java.util.function.Supplier<List<double[]>> hour = () -> system(() -> jdbc().sql(
                "SELECT count, sum FROM metric_hour WHERE device_id = ? AND metric = 'cpu.utilization'")
                .param(device).query((rs, n) -> new double[] {rs.getLong(1), rs.getDouble(2)}).list());
        // A closed minute goes to its hour when it is written, once.
        assertThat(hour.get()).singleElement().satisfies(h -> assertThat(h).containsExactly(3, 60));
        assertThat(rollups.write((minute / 60_000 + 1) * 60_000)).isTrue();
        assertThat(hour.get()).as("a minute is counted in its hour once").singleElement().satisfies(h -> assertThat(h).containsExactly(3, 60));
        // A late sample for a minute already written goes to its hour as well, not only to the minute.
        assertThat(send(agent, 3, sample("cpu.utilization", "", 40, "pct", minute + 4_000)).statusCode()).isEqualTo(200);
        written(minute);
        assertThat(hour.get()).singleElement().satisfies(h -> assertThat(h).containsExactly(4, 100));
        assertThat(system(() -> jdbc().sql("SELECT count, sum FROM metric_minute WHERE device_id = ? AND metric = 'cpu.utilization'")
                .param(device).query((rs, n) -> new double[] {rs.getLong(1), rs.getDouble(2)}).single())).containsExactly(4, 100);
        assertThat(system(() -> jdbc().sql("SELECT count(*) FROM agent_message WHERE device_id = ? AND kind = 'metrics'").param(device)
                .query(Long.class).single())).isEqualTo(3);
        // The latest value is the newest by the agent's clock, with the server's receive time beside it.
        var latest = system(() -> jdbc().sql("SELECT value, sampled_at, received_at FROM metric_latest WHERE device_id = ? AND metric = 'cpu.utilization'")
                .param(device).query((rs, n) -> new Object[] {rs.getDouble(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()}).single());
        assertThat(latest[0]).isEqualTo(40.0);
        assertThat(latest[1]).isEqualTo(Instant.ofEpochMilli(minute + 4_000));
        assertThat((Instant) latest[2]).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(60, java.time.temporal.ChronoUnit.SECONDS));
        // The last contact is written by the devices' liveness writer within a second or so of the batch.
        boolean seen = false;
        for (int i = 0; i < 50 && !seen; i++) {
            seen = system(() -> jdbc().sql("SELECT last_seen_at IS NOT NULL FROM device WHERE id = ?").param(device).query(Boolean.class).single());
            if (!seen) {
                Thread.sleep(100);
            }
        }
        assertThat(seen).isTrue();

        HttpResponse<String> series = adminApi().getJson("/api/v1/devices/" + device + "/metrics/series?metric=cpu.utilization&range=HOUR");
        assertThat(series.statusCode()).as(series.body()).isEqualTo(200);
        assertThat(series.body()).contains("\"unit\":\"pct\"", "\"min\":10.0", "\"max\":40.0", "\"avg\":25.0", "\"count\":4");
        assertThat(adminApi().getJson("/api/v1/devices/" + device + "/metrics/series?metric=fs.used_pct&instance=/&range=WEEK").body())
                .contains("\"count\":1", "\"range\":\"WEEK\"");
        assertThat(adminApi().getJson("/api/v1/devices/" + device + "/metrics/series?metric=cpu.utilization&range=YEAR").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/devices/" + device + "/metrics/series?metric=Not%20A%20Name").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/devices/" + UUID.randomUUID() + "/metrics/series?metric=cpu.utilization").statusCode()).isEqualTo(404);

        // The device page charts it: uPlot from its webjar and the chart script from a static file (the CSP allows no inline script).
        var tech = signedIn(io.steward.server.support.DemoLogins.TIER1);
        String page = tech.page("/devices/" + device);
        assertThat(page).contains("id=\"metric-chart\"", "/api/v1/devices/" + device + "/metrics/series", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/js/metric-chart.js", "value=\"cpu.utilization|\"", "data-range=\"WEEK\"");
        assertThat(tech.get("/webjars/uplot/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(tech.get("/js/metric-chart.js").body()).contains("new uPlot(");
        assertThat(tech.getJson("/api/v1/devices/" + device + "/metrics/series?metric=cpu.utilization&range=DAY").body()).contains("\"count\":4");
    }

    @Test
    void aBatchWithNoStorableSampleIsRefusedWith400AndStoresNothing() {
        TestAgent agent = enrolled("Alpine", "all-bad");
        long now = System.currentTimeMillis();
        HttpResponse<String> r = send(agent, 7, sample("cpu.utilization", "", 1, "furlongs", now), sample("Bad Name", "", 1, "pct", now));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(r.body()).contains("do not send this batch again", "samples[0]", "unknown unit", "samples[1]", "metric must be");
        assertThat(system(() -> jdbc().sql("SELECT count(*) FROM agent_message WHERE device_id = ?").param(UUID.fromString(agent.deviceId))
                .query(Long.class).single())).isZero();
        // NaN is not JSON; a string where a number belongs is a malformed body: 400, never 500.
        assertThat(agent.post(AgentProtocol.METRICS_PATH, "{\"seq\":8,\"samples\":[{\"metric\":\"a\",\"value\":\"NaN\",\"unit\":\"pct\",\"at\":1}]}",
                Instant.now()).statusCode()).isEqualTo(400);
        // An empty batch is fine: the device was heard.
        assertThat(send(agent, 9).statusCode()).isEqualTo(200);
    }

    @Test
    void manyDevicesAtOnceAreAllStoredExactlyOnce() {
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            agents.add(enrolled(i % 2 == 0 ? "Alpine" : "Harbour", "burst-" + i));
        }
        long now = System.currentTimeMillis();
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (TestAgent a : agents) {
                for (int seq = 1; seq <= 5; seq++) {
                    int s = seq;
                    sent.add(CompletableFuture.supplyAsync(() -> {
                        List<String> samples = new ArrayList<>();
                        for (int m = 0; m < 50; m++) {
                            samples.add(sample("burst.m" + m, "", s, "count", now));
                        }
                        return send(a, s, samples.toArray(String[]::new)).statusCode();
                    }, threads));
                }
            }
            assertThat(sent.stream().map(CompletableFuture::join).toList()).containsOnly(200);
        }
        written(System.currentTimeMillis());
        for (TestAgent a : agents) {
            UUID device = UUID.fromString(a.deviceId);
            assertThat(system(() -> jdbc().sql("SELECT count(*) FROM agent_message WHERE device_id = ?").param(device).query(Long.class).single()))
                    .isEqualTo(5);
            assertThat(system(() -> jdbc().sql("SELECT sum(count) FROM metric_minute WHERE device_id = ?").param(device).query(Long.class).single()))
                    .isEqualTo(250);
            assertThat(system(() -> jdbc().sql("SELECT count(*) FROM metric_latest WHERE device_id = ?").param(device).query(Long.class).single()))
                    .isEqualTo(50);
        }
    }

    @Test
    void rowLevelSecurityHoldsOnThePartitionedRollupsAndOnEachPartition() {
        TestAgent alpine = enrolled("Alpine", "rls-alpine");
        TestAgent harbour = enrolled("Harbour", "rls-harbour");
        long now = System.currentTimeMillis();
        assertThat(send(alpine, 1, sample("rls.metric", "", 1, "count", now)).statusCode()).isEqualTo(200);
        assertThat(send(harbour, 1, sample("rls.metric", "", 2, "count", now)).statusCode()).isEqualTo(200);
        ClientId alpineClient = new ClientId(system(() -> jdbc().sql("SELECT client_id FROM device WHERE id = ?").param(UUID.fromString(alpine.deviceId))
                .query(UUID.class).single()));
        written(now);
        String partition = "metric_minute_p" + LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        String hourPartition = "metric_hour_p" + LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMM"));
        TenantContext.runAs(TenantScope.of(alpineClient), () -> {
            for (String table : List.of("metric_minute", "metric_hour", partition, hourPartition)) {
                // No WHERE clause: only row-level security stands between this query and the other client's rows.
                List<UUID> seen = jdbc().sql("SELECT DISTINCT client_id FROM " + table + " WHERE metric = 'rls.metric'").query(UUID.class).list();
                assertThat(seen).as(table).containsExactly(alpineClient.value());
            }
        });
        TenantContext.runAs(TenantScope.none(), () ->
                assertThat(jdbc().sql("SELECT count(*) FROM " + partition).query(Long.class).single()).isZero());
        var policies = system(() -> jdbc().sql("SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                        + "WHERE c.relkind = 'r' AND (c.relname LIKE 'metric\\_minute\\_p%' OR c.relname LIKE 'metric\\_hour\\_p%')")
                .query((rs, n) -> rs.getString(1) + ":" + rs.getBoolean(2) + ":" + rs.getBoolean(3)).list());
        assertThat(policies).isNotEmpty().allSatisfy(p -> assertThat(p).endsWith(":true:true"));
    }

    @Test
    void partitionsAreMadeAheadAndDroppedPastRetention() throws Exception {
        String url = ((HikariDataSource) ((DelegatingDataSource) dataSource).getTargetDataSource()).getJdbcUrl();
        try (Connection owner = DriverManager.getConnection(url, "steward_owner", ""); var st = owner.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS metric_minute_p20200101 PARTITION OF metric_minute FOR VALUES FROM ('2020-01-01 00:00Z') TO ('2020-01-02 00:00Z')");
            st.execute("CREATE TABLE IF NOT EXISTS metric_hour_p202001 PARTITION OF metric_hour FOR VALUES FROM ('2020-01-01 00:00Z') TO ('2020-02-01 00:00Z')");
        }
        assertThat(partitions.maintain()).isGreaterThanOrEqualTo(2);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> names = system(() -> jdbc().sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('metric_minute', 'metric_hour')").query(String.class).list());
        assertThat(names).doesNotContain("metric_minute_p20200101", "metric_hour_p202001")
                .contains("metric_minute_p" + today.format(DateTimeFormatter.BASIC_ISO_DATE),
                        "metric_minute_p" + today.plusDays(3).format(DateTimeFormatter.BASIC_ISO_DATE),
                        "metric_minute_p" + today.minusDays(8).format(DateTimeFormatter.BASIC_ISO_DATE),
                        "metric_hour_p" + today.plusMonths(2).format(DateTimeFormatter.ofPattern("yyyyMM")))
                .doesNotContain("metric_minute_p" + today.minusDays(9).format(DateTimeFormatter.BASIC_ISO_DATE));
        // Nothing left to do a second time.
        assertThat(partitions.maintain()).isZero();
    }

    @Test
    void eachWriteMergesIntoTheDevicesStoredLatestValuesNewestSampleWinning() {
        TestAgent agent = enrolled("Alpine", "latest-merge");
        UUID device = UUID.fromString(agent.deviceId);
        long minute = (System.currentTimeMillis() / 60_000) * 60_000;
        assertThat(send(agent, 1, sample("cpu.utilization", "", 40, "pct", minute + 4_000), sample("fs.used_pct", "/", 50, "pct", minute + 1_000))
                .statusCode()).isEqualTo(200);
        written(minute);
        // An older sample (a spooled batch arriving late) does not replace a newer one, a new series is added, series not
        // in the write stay, and a double comes back bit for bit.
        assertThat(send(agent, 2, sample("cpu.utilization", "", 99, "pct", minute + 500), sample("mem.used_pct", "", 0.1 + 0.2, "pct", minute + 5_000))
                .statusCode()).isEqualTo(200);
        written(minute);
        java.util.function.Supplier<List<String>> values = () -> system(() -> jdbc()
                .sql("SELECT metric || '|' || instance || '=' || value FROM metric_latest WHERE device_id = ? ORDER BY metric")
                .param(device).query(String.class).list());
        assertThat(values.get()).containsExactly("cpu.utilization|=40", "fs.used_pct|/=50", "mem.used_pct|=" + (0.1 + 0.2));
        assertThat(send(agent, 3, sample("cpu.utilization", "", 41, "pct", minute + 6_000)).statusCode()).isEqualTo(200);
        written(minute);
        assertThat(values.get()).containsExactly("cpu.utilization|=41", "fs.used_pct|/=50", "mem.used_pct|=" + (0.1 + 0.2));
        assertThat(adminApi().getJson("/api/v1/devices/" + device + "/metrics").body()).contains("\"metric\":\"fs.used_pct\"", "\"instance\":\"/\"");
    }

    @Test
    void latestValuesNotReportedForTheRetentionPeriodAreRemoved() {
        TestAgent agent = enrolled("Alpine", "stale-latest");
        UUID device = UUID.fromString(agent.deviceId);
        TenantContext.runAsSystem(() -> jdbc().sql("""
                INSERT INTO device_latest (device_id, client_id, latest)
                SELECT id, client_id, jsonb_object_agg(m || '|x', jsonb_build_array(1, 'count', ms, ms))
                FROM device, (SELECT m, (extract(epoch FROM now() - CAST(d AS interval)) * 1000)::int8 AS ms
                              FROM (VALUES ('process.cpu_pct', '40 days'), ('process.memory_bytes', '2 days')) AS v (m, d)) AS v
                WHERE id = ? GROUP BY id, client_id""")
                .param(device).update());
        assertThat(partitions.pruneStaleLatest()).isGreaterThanOrEqualTo(1);
        List<String> left = system(() -> jdbc().sql("SELECT metric FROM metric_latest WHERE device_id = ?").param(device).query(String.class).list());
        assertThat(left).containsExactly("process.memory_bytes");
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTheWaitingBatchesAreStoredAfterwards() throws Exception {
        TestAgent agent = enrolled("Alpine", "queue-full");
        UUID device = UUID.fromString(agent.deviceId);
        long now = System.currentTimeMillis();
        List<String> big = new ArrayList<>();
        for (int m = 0; m < 5000; m++) {
            big.add(sample("queue.m" + m, "", m, "count", now));
        }
        String url = ((HikariDataSource) ((DelegatingDataSource) dataSource).getTargetDataSource()).getJdbcUrl();
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            try (Connection owner = DriverManager.getConnection(url, "steward_owner", "")) {
                owner.setAutoCommit(false);
                try (var st = owner.createStatement()) {
                    st.execute("SELECT set_config('steward.all_clients', 'on', true)");
                    // Holds the writer at its first statement for this device: batches pile up behind it.
                    st.execute("SELECT 1 FROM device WHERE id = '" + device + "' FOR UPDATE");
                }
                // The test context allows 20,000 queued samples: four batches of 5,000 fit, the fifth does not.
                for (int seq = 1; seq <= 4; seq++) {
                    long s = seq;
                    waiting.add(CompletableFuture.supplyAsync(() -> send(agent, s, big.toArray(String[]::new)), threads));
                    long deadline = System.currentTimeMillis() + 10_000;
                    while (queued() < 5000L * seq && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                }
                HttpResponse<String> refused = send(agent, 5, big.toArray(String[]::new));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.body()).contains("again later");
                assertThat(waiting).noneMatch(CompletableFuture::isDone);
                owner.rollback();
            }
            assertThat(waiting.stream().map(f -> f.join().statusCode()).toList()).containsOnly(200);
        }
        assertThat(send(agent, 5, big.toArray(String[]::new)).statusCode()).isEqualTo(200);
        written(now);
        assertThat(system(() -> jdbc().sql("SELECT sum(count) FROM metric_minute WHERE device_id = ?").param(device).query(Long.class).single()))
                .isEqualTo(25_000);
    }

    @Autowired
    io.steward.server.telemetry.internal.IngestPipeline pipeline;

    private long queued() {
        return pipeline.inFlightSamples();
    }
}
