package io.steward.server.platform;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second layer of tenant isolation, below the application: queries without any WHERE clause,
 * run on the application's own pool and role, return only the rows of the clients in scope.
 */
class RowLevelSecurityTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    JdbcClient jdbc;
    ClientId alpine;
    ClientId harbour;

    @BeforeEach
    void setUp() {
        jdbc = JdbcClient.create(dataSource);
        alpine = clientNamed("Alpine Logistics GmbH");
        harbour = clientNamed("Harbour City Council");
    }

    private ClientId clientNamed(String name) {
        return TenantContext.callAsSystem(() -> new ClientId(jdbc.sql("SELECT id FROM client WHERE name = ?").param(name)
                .query(UUID.class).single()));
    }

    @Test
    void theApplicationRoleCannotBypassRowLevelSecurity() {
        var role = jdbc.sql("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query((rs, n) -> List.of(rs.getBoolean(1), rs.getBoolean(2))).single();
        assertThat(role).containsExactly(false, false);
        long owned = jdbc.sql("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user")
                .query(Long.class).single();
        assertThat(owned).isZero();
    }

    @Test
    void queriesWithoutWhereSeeOnlyTheClientInScope() {
        TenantContext.runAs(TenantScope.of(alpine), () -> {
            assertThat(jdbc.sql("SELECT DISTINCT id FROM client").query(UUID.class).list()).containsExactly(alpine.value());
            assertThat(jdbc.sql("SELECT DISTINCT client_id FROM site").query(UUID.class).list()).containsExactly(alpine.value());
            assertThat(jdbc.sql("SELECT DISTINCT client_id FROM contact").query(UUID.class).list()).containsExactly(alpine.value());
            assertThat(jdbc.sql("SELECT DISTINCT client_id FROM app_user WHERE client_id IS NOT NULL").query(UUID.class).list())
                    .containsExactly(alpine.value());
            assertThat(jdbc.sql("SELECT count(*) FROM site WHERE client_id = ?").param(harbour.value()).query(Long.class).single()).isZero();
        });
    }

    @Test
    void noScopeSeesNoTenantRows() {
        TenantContext.runAs(TenantScope.none(), () -> {
            assertThat(jdbc.sql("SELECT count(*) FROM client").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM site").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM contact").query(Long.class).single()).isZero();
        });
    }

    @Test
    void writesIntoAnotherClientAreRefused() {
        TenantContext.runAs(TenantScope.of(alpine), () -> {
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO site (id, client_id, name, created_at, updated_at) VALUES (?, ?, 'Sneaky', now(), now())")
                    .params(UUID.randomUUID(), harbour.value()).update())
                    .isInstanceOf(org.springframework.dao.DataAccessException.class)
                    .hasRootCauseMessage("ERROR: new row violates row-level security policy for table \"site\"");
            int changed = jdbc.sql("UPDATE site SET name = name || '!' WHERE client_id = ?").param(harbour.value()).update();
            assertThat(changed).isZero();
            int deleted = jdbc.sql("DELETE FROM contact WHERE client_id = ?").param(harbour.value()).update();
            assertThat(deleted).isZero();
        });
    }

    @Test
    void theScopeDoesNotLeakToTheNextBorrowerOfAConnection() {
        TenantContext.runAs(TenantScope.all(), () -> assertThat(jdbc.sql("SELECT count(*) FROM client").query(Long.class).single()).isGreaterThan(1));
        for (int i = 0; i < 20; i++) {
            assertThat(jdbc.sql("SELECT count(*) FROM client").query(Long.class).single()).isZero();
        }
    }

    @Test
    void aConnectionRemembersItsScopeButEveryChangeOfScopeIsApplied() {
        // The pool hands the same few connections out again and again; the scope is skipped only when it is the same.
        for (int i = 0; i < 30; i++) {
            TenantScope scope = switch (i % 3) {
                case 0 -> TenantScope.of(alpine);
                case 1 -> TenantScope.of(harbour);
                default -> TenantScope.none();
            };
            List<UUID> seen = TenantContext.callAs(scope, () -> jdbc.sql("SELECT id FROM client ORDER BY id").query(UUID.class).list());
            switch (i % 3) {
                case 0 -> assertThat(seen).containsExactly(alpine.value());
                case 1 -> assertThat(seen).containsExactly(harbour.value());
                default -> assertThat(seen).isEmpty();
            }
        }
    }

    @Test
    void commitsWaitForTheirWriteAheadLogFlush() {
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
    }
}
