package io.steward.server.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.steward.server.platform.PlatformProperties;
import io.steward.server.platform.StartupProblem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Brings the database up in a fixed order: home directory, PostgreSQL (embedded unless a URL is
 * given), migrations as the owner role, then the runtime pool as the application role, which is
 * checked to be unable to bypass row-level security before anything else may use it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String EMBEDDED_DATABASE = "steward";
    static final String EMBEDDED_OWNER = "steward_owner";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StewardHome stewardHome(PlatformProperties properties) {
        return StewardHome.prepare(properties.home());
    }

    @Bean
    io.steward.server.platform.SecretBox secretBox(PlatformProperties properties, StewardHome home) {
        return KeyFileSecretBox.load(properties.secretKey(), home.path());
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(PlatformProperties properties, StewardHome home) {
        if (!properties.db().embedded()) {
            return EmbeddedDatabase.none();
        }
        return EmbeddedDatabase.start(home.path().resolve("pgdata"), properties.db().user(), properties.db().embeddedPort());
    }

    @Bean
    SchemaMigrator schemaMigrator(PlatformProperties properties, EmbeddedDatabase embedded) {
        PlatformProperties.Db db = properties.db();
        String url;
        String user;
        String password;
        if (db.embedded()) {
            url = embedded.jdbcUrl();
            user = EMBEDDED_OWNER;
            password = "";
        } else {
            if (db.ownerUser().isBlank()) {
                throw new StartupProblem("STEWARD_DB_OWNER_USER is not set: with an external database Steward needs the owner role "
                        + "(runs migrations) and the runtime role (STEWARD_DB_USER, owns nothing) configured separately.");
            }
            url = db.url();
            user = db.ownerUser();
            password = db.ownerPassword();
        }
        return SchemaMigrator.migrate(url, user, password, db.user());
    }

    @Bean(destroyMethod = "close")
    TenantScopedDataSource dataSource(PlatformProperties properties, EmbeddedDatabase embedded, SchemaMigrator migrated) {
        PlatformProperties.Db db = properties.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("steward");
        config.setJdbcUrl(db.embedded() ? embedded.jdbcUrl() : db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(Math.min(2, db.poolSize()));
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            RuntimeRoleCheck.verify(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new TenantScopedDataSource(pool);
    }

    /** The data directory, created and checked for writing before anything else starts. */
    record StewardHome(Path path) {
        static StewardHome prepare(Path configured) {
            Path home = configured.toAbsolutePath().normalize();
            try {
                Files.createDirectories(home);
                Path probe = Files.createTempFile(home, ".write-check", ".tmp");
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw new StartupProblem("STEWARD_HOME " + home + " is not a writable directory (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
            }
            return new StewardHome(home);
        }
    }

    /** The embedded PostgreSQL, or nothing when an external database is configured. */
    static final class EmbeddedDatabase implements AutoCloseable {
        private final EmbeddedPostgres postgres;

        private EmbeddedDatabase(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        static EmbeddedDatabase none() {
            return new EmbeddedDatabase(null);
        }

        static EmbeddedDatabase start(Path dataDirectory, String runtimeRole, int port) {
            EmbeddedPostgres pg;
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                if (port > 0) {
                    builder.setPort(port);
                }
                pg = builder
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("shared_buffers", "128MB")
                        .setServerConfig("fsync", "on")
                        // The embedded-PostgreSQL library turns this off by default; Steward answers "stored" only
                        // once a commit is on disk (tickets, acknowledged agent batches), so it must be on.
                        .setServerConfig("synchronous_commit", "on")
                        .start();
            } catch (IOException | RuntimeException e) {
                throw new StartupProblem("The embedded PostgreSQL in " + dataDirectory + " did not start: " + rootMessage(e), e);
            }
            log.info("Embedded PostgreSQL 17 is running on localhost:{} with data in {}", pg.getPort(), dataDirectory);
            try {
                createRolesAndDatabase(pg.getPostgresDatabase(), runtimeRole);
                markSearchOperatorsLeakproof(pg.getDatabase("postgres", EMBEDDED_DATABASE));
            } catch (SQLException | RuntimeException e) {
                closeQuietly(pg);
                throw new StartupProblem("The embedded PostgreSQL could not be prepared: " + rootMessage(e), e);
            }
            return new EmbeddedDatabase(pg);
        }

        private static void createRolesAndDatabase(DataSource superuser, String runtimeRole) throws SQLException {
            if (!runtimeRole.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new StartupProblem("steward.db.user must be a plain lower-case role name, not '" + runtimeRole + "'.");
            }
            try (Connection c = superuser.getConnection(); var st = c.createStatement()) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + EMBEDDED_OWNER + "') THEN "
                        + "CREATE ROLE " + EMBEDDED_OWNER + " LOGIN; END IF; END $$");
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + runtimeRole + "') THEN "
                        + "CREATE ROLE " + runtimeRole + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; END $$");
                try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE + "'")) {
                    if (!rs.next()) {
                        st.execute("CREATE DATABASE " + EMBEDDED_DATABASE + " OWNER " + EMBEDDED_OWNER + " ENCODING 'UTF8'");
                    }
                }
            }
        }

        /**
         * Marks the two operators a ticket search matches with (tsvector @@ tsquery, ILIKE) LEAKPROOF in Steward's
         * database, which only a superuser may do. Under row-level security PostgreSQL lets an index answer a condition
         * only if its functions are LEAKPROOF; otherwise every search scans the table (V70). Both are safe to mark: @@
         * raises no error that depends on a row, and ILIKE only for a malformed pattern, which Steward never sends (TicketSearch
         * escapes every pattern; no caller writes SQL), so no error can tell of a row the caller may not see. Idempotent,
         * so it runs at every start.
         */
        private static void markSearchOperatorsLeakproof(DataSource superuser) throws SQLException {
            try (Connection c = superuser.getConnection(); var st = c.createStatement()) {
                st.execute("ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF");
                st.execute("ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF");
            }
        }

        String jdbcUrl() {
            // Without user parameters in the URL, so that each pool logs in as its own role.
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + EMBEDDED_DATABASE;
        }

        @Override
        public void close() {
            if (postgres != null) {
                closeQuietly(postgres);
                log.info("Embedded PostgreSQL stopped");
            }
        }

        private static void closeQuietly(EmbeddedPostgres pg) {
            try {
                pg.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    /** Runs Flyway as the owner role; refuses a database whose schema is newer than this build. */
    record SchemaMigrator(int applied) {
        static SchemaMigrator migrate(String url, String user, String password, String runtimeRole) {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("app_role", runtimeRole))
                    .connectRetries(3)
                    .load();
            MigrationInfo[] future;
            try {
                future = Arrays.stream(flyway.info().applied())
                        .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                        .toArray(MigrationInfo[]::new);
            } catch (RuntimeException e) {
                throw new StartupProblem("Cannot read the database schema at " + url + " as " + user + ": " + rootMessage(e), e);
            }
            if (future.length > 0) {
                throw new StartupProblem("The database was written by a newer Steward (schema version "
                        + future[future.length - 1].getVersion() + "); this build only knows older versions. Start the newer Steward or restore a backup.");
            }
            int count;
            try {
                count = flyway.migrate().migrationsExecuted;
            } catch (org.flywaydb.core.api.exception.FlywayValidateException e) {
                String detail = e.getMessage() == null ? "" : e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage()).strip();
                throw new StartupProblem("The database schema does not match this build's migrations (" + detail
                        + "). Was it written by a development build? Restore a backup or use a fresh STEWARD_HOME.", e);
            }
            if (count > 0) {
                log.info("Applied {} database migration(s)", count);
            }
            return new SchemaMigrator(count);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
