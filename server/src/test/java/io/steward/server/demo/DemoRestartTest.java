package io.steward.server.demo;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.steward.server.StewardApplication;
import io.steward.server.shared.TenantContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A demo started again on the same home keeps its devices: the live agents report with the keys the first start kept
 * (no device enrolled twice), and the devices' last contact moves on after the restart.
 */
class DemoRestartTest {

    @TempDir
    Path temp;

    @Test
    void liveAgentsReportAgainAfterARestart() throws Exception {
        Path home = temp.resolve("home");
        Instant before;
        try (ConfigurableApplicationContext first = start(home)) {
            before = awaitSeen(first, null);
        }
        try (ConfigurableApplicationContext second = start(home)) {
            assertThat(awaitSeen(second, before)).isAfter(before);
            JdbcClient jdbc = JdbcClient.create(second.getBean(DataSource.class));
            assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM device").query(Long.class).single()))
                    .isEqualTo(DemoFleet.SIZE);
        }
    }

    private static ConfigurableApplicationContext start(Path home) {
        return new SpringApplication(StewardApplication.class).run("--server.port=0", "--steward.tls-port=0", "--steward.home=" + home,
                "--steward.demo.enabled=true", "--steward.demo.history=false", "--steward.demo.live-agents=1", "--steward.demo.agent-interval=1s",
                "--logging.file.name=target/test-logs/demo-restart.log");
    }

    private static Instant awaitSeen(ConfigurableApplicationContext app, Instant after) throws InterruptedException {
        JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Timestamp seen = TenantContext.callAsSystem(() -> jdbc.sql("SELECT last_seen_at FROM device WHERE hostname = 'nwd-srv-01'")
                    .query(Timestamp.class).optional().orElse(null));
            if (seen != null && (after == null || seen.toInstant().isAfter(after))) {
                return seen.toInstant();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nwd-srv-01 was not heard from" + (after == null ? "" : " after " + after));
    }
}
