package io.steward.server.platform.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out pooled connections with the row-level-security settings of the current
 * {@link TenantContext}. A transaction binds one connection at its start, so the scope holds for
 * the whole transaction; every checkout overwrites what the previous borrower left.
 */
public class TenantScopedDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final String APPLY_SCOPE =
            "SELECT set_config('steward.all_clients', ?, false), set_config('steward.client_ids', ?, false)";

    public TenantScopedDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scoped(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scoped(super.getConnection(username, password));
    }

    /** Closes the pool underneath. */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private static Connection scoped(Connection connection) throws SQLException {
        TenantScope scope = TenantContext.current();
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement ps = connection.prepareStatement(APPLY_SCOPE)) {
            ps.setString(1, scope.allClients() ? "on" : "off");
            ps.setString(2, scope.clientIdsSetting());
            ps.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        if (!autoCommit) {
            // Keep the setting out of any transaction the caller is about to run.
            connection.commit();
        }
        return connection;
    }
}
