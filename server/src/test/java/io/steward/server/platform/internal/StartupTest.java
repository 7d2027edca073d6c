package io.steward.server.platform.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.steward.server.StewardApplication;
import io.steward.server.platform.StartupProblem;
import io.steward.server.shared.TenantContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start, stop and start again on the same home, as an operator would: the first start creates the
 * admin, the second reuses the data, stopping stops PostgreSQL, and fixable problems read as one line.
 */
class StartupTest {

    @TempDir
    Path temp;

    @Test
    void aSecondStartReusesTheDataAndStoppingStopsPostgres() throws Exception {
        Path home = temp.resolve("home");
        int pgPort;
        String firstAdminHash;
        try (ConfigurableApplicationContext first = start(home)) {
            JdbcClient jdbc = JdbcClient.create(first.getBean(DataSource.class));
            var admin = TenantContext.callAsSystem(() -> jdbc.sql("SELECT email, must_change_password, role, password_hash FROM app_user")
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).list());
            assertThat(admin).hasSize(1);
            assertThat(admin.get(0)[0]).isEqualTo("admin@steward.local");
            assertThat(admin.get(0)[1]).isEqualTo("t");
            assertThat(admin.get(0)[2]).isEqualTo("MSP_ADMIN");
            assertThat(admin.get(0)[3]).startsWith("{argon2}");
            firstAdminHash = admin.get(0)[3];
            pgPort = postgresPort(first);
            assertThat(listening(pgPort)).isTrue();
        }
        assertThat(listening(pgPort)).as("PostgreSQL stopped with the server").isFalse();
        assertThat(Files.exists(home.resolve("pgdata").resolve("PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext second = start(home)) {
            JdbcClient jdbc = JdbcClient.create(second.getBean(DataSource.class));
            var hashes = TenantContext.callAsSystem(() -> jdbc.sql("SELECT password_hash FROM app_user").query(String.class).list());
            assertThat(hashes).containsExactly(firstAdminHash);
        }
    }

    @Test
    void anUnwritableHomeIsOneClearLine() throws Exception {
        Path file = Files.createFile(temp.resolve("not-a-directory"));
        assertThatThrownBy(() -> DatabaseConfiguration.StewardHome.prepare(file.resolve("home")))
                .isInstanceOf(StartupProblem.class)
                .hasMessageStartingWith("STEWARD_HOME " + file.resolve("home"))
                .hasMessageContaining("is not a writable directory");
    }

    @Test
    void aDatabaseFromANewerStewardIsRefused() throws Exception {
        Path home = temp.resolve("newer");
        String url;
        try (ConfigurableApplicationContext app = start(home)) {
            url = ((HikariDataSource) ((DelegatingDataSource) app.getBean(DataSource.class)).getTargetDataSource()).getJdbcUrl();
            try (var c = java.sql.DriverManager.getConnection(url, "steward_owner", ""); var st = c.createStatement()) {
                st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
                        + "execution_time, success) VALUES (999, '999', 'from the future', 'SQL', 'V999__future.sql', 0, 'steward_owner', 1, true)");
            }
            assertThatThrownBy(() -> DatabaseConfiguration.SchemaMigrator.migrate(url, "steward_owner", "", "steward_app"))
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining("written by a newer Steward (schema version 999)");
        }
        assertThatThrownBy(() -> start(home)).satisfies(e -> assertThat(StewardApplication.explain(e))
                .contains("newer Steward"));
    }

    @Test
    void portInUseIsExplained() {
        var e = new org.springframework.boot.web.server.PortInUseException(8080);
        assertThat(StewardApplication.explain(new RuntimeException(e))).contains("port 8080 (HTTP) is already in use", "SERVER_PORT");
        assertThat(StewardApplication.explain(new IllegalStateException("a real bug"))).isNull();
    }

    @Test
    void anExternalPostgresIsUsedWithSeparateOwnerAndRuntimeRoles() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(temp.resolve("external-pg"))
                .setCleanDataDirectory(true).start()) {
            try (var c = external.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE ROLE ext_owner LOGIN PASSWORD 'owner-secret'");
                st.execute("CREATE ROLE ext_app LOGIN PASSWORD 'app-secret' NOSUPERUSER NOBYPASSRLS");
                st.execute("CREATE DATABASE stewardext OWNER ext_owner");
            }
            String url = "jdbc:postgresql://localhost:" + external.getPort() + "/stewardext";
            Path home = temp.resolve("external-home");

            assertThatThrownBy(() -> start(home, "--steward.db.url=" + url, "--steward.db.user=ext_app"))
                    .satisfies(e -> assertThat(StewardApplication.explain(e)).contains("STEWARD_DB_OWNER_USER"));
            assertThatThrownBy(() -> start(home, "--steward.db.url=" + url, "--steward.db.user=postgres",
                    "--steward.db.owner-user=ext_owner", "--steward.db.owner-password=owner-secret"))
                    .satisfies(e -> assertThat(StewardApplication.explain(e)).contains("superuser or has BYPASSRLS"));

            try (ConfigurableApplicationContext app = start(home, "--steward.db.url=" + url, "--steward.db.user=ext_app",
                    "--steward.db.password=app-secret", "--steward.db.owner-user=ext_owner", "--steward.db.owner-password=owner-secret")) {
                JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
                assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("ext_app");
                assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single())).isOne();
            }
            try (var c = external.getDatabase("postgres", "stewardext").getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ext_owner");
                assertThat(rs.next()).isFalse();
            }
            assertThat(Files.exists(home.resolve("pgdata"))).as("no embedded database with an external URL").isFalse();
        }
    }

    private static ConfigurableApplicationContext start(Path home, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0", "--steward.tls-port=0", "--steward.home=" + home,
                "--logging.file.name=target/test-logs/startup.log"));
        args.addAll(java.util.List.of(extra));
        return new SpringApplication(StewardApplication.class).run(args.toArray(String[]::new));
    }

    private static int postgresPort(ConfigurableApplicationContext app) {
        String url = ((HikariDataSource) ((DelegatingDataSource) app.getBean(DataSource.class)).getTargetDataSource()).getJdbcUrl();
        return Integer.parseInt(url.replaceAll("^jdbc:postgresql://localhost:(\\d+)/.*$", "$1"));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
