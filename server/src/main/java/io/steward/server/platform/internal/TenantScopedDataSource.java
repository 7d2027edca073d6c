package io.steward.server.platform.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out pooled connections with the row-level-security settings of the current
 * {@link TenantContext}. A transaction binds one connection at its start, so the scope holds for
 * the whole transaction; every checkout overwrites what the previous borrower left.
 * <p>
 * Invariant: only this class sets the scope settings on pooled connections, always outside a
 * transaction (so no rollback can undo them). That is what makes it safe to remember, per physical
 * connection, the scope last applied and skip the round trip when the next borrower needs the same.
 */
public class TenantScopedDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final String APPLY_SCOPE =
            "SELECT set_config('steward.all_clients', ?, false), set_config('steward.client_ids', ?, false)";

    /** Scope setting last applied per physical connection; weak, so closed connections drop out. */
    private final Map<Object, String> applied = Collections.synchronizedMap(new WeakHashMap<>());

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

    private Connection scoped(Connection connection) throws SQLException {
        TenantScope scope = TenantContext.current();
        String all = scope.allClients() ? "on" : "off";
        String ids = scope.clientIdsSetting();
        String wanted = all + '|' + ids;
        Object physical = physical(connection);
        if (physical != null && wanted.equals(applied.get(physical))) {
            return connection;
        }
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement ps = connection.prepareStatement(APPLY_SCOPE)) {
            ps.setString(1, all);
            ps.setString(2, ids);
            ps.execute();
        } catch (SQLException e) {
            if (physical != null) {
                applied.remove(physical);
            }
            connection.close();
            throw e;
        }
        if (!autoCommit) {
            // Keep the setting out of any transaction the caller is about to run.
            connection.commit();
        }
        if (physical != null) {
            applied.put(physical, wanted);
        }
        return connection;
    }

    /** The driver's connection under the pool's proxy, or null when it cannot be told apart. */
    private static Object physical(Connection connection) {
        try {
            return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
