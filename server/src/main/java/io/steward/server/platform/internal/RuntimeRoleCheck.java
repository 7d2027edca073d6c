package io.steward.server.platform.internal;

import javax.sql.DataSource;

import io.steward.server.platform.StartupProblem;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Row-level security only protects tenants if the application's role cannot step around it.
 * Steward refuses to start as a superuser, a BYPASSRLS role or the owner of any table.
 */
final class RuntimeRoleCheck {
    private RuntimeRoleCheck() {
    }

    static void verify(DataSource pool) {
        JdbcClient jdbc = JdbcClient.create(pool);
        var role = jdbc.sql("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)})
                .single();
        if ((Boolean) role[1] || (Boolean) role[2]) {
            throw new StartupProblem("The runtime database role '" + role[0]
                    + "' is a superuser or has BYPASSRLS; tenant isolation needs a plain role (STEWARD_DB_USER).");
        }
        long owned = jdbc.sql("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                        + "WHERE r.rolname = current_user AND c.relkind IN ('r', 'p')")
                .query(Long.class).single();
        if (owned > 0) {
            throw new StartupProblem("The runtime database role '" + role[0] + "' owns " + owned
                    + " table(s); it must own none. Run migrations as the owner role (STEWARD_DB_OWNER_USER).");
        }
    }
}
