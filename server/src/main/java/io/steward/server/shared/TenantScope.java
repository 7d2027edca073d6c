package io.steward.server.shared;

import java.io.Serializable;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The clients an operation may see. Invariant: {@code allClients} and a non-empty {@code clients}
 * never come together; {@link #none()} sees nothing. The same scope drives both the WHERE clause
 * the application writes and the row-level security settings of the connection.
 */
public record TenantScope(boolean allClients, Set<ClientId> clients) implements Serializable {
    private static final TenantScope ALL = new TenantScope(true, Set.of());
    private static final TenantScope NONE = new TenantScope(false, Set.of());

    public TenantScope {
        clients = Set.copyOf(clients);
        if (allClients && !clients.isEmpty()) {
            throw new IllegalArgumentException("a scope over all clients lists none");
        }
    }

    public static TenantScope all() {
        return ALL;
    }

    public static TenantScope none() {
        return NONE;
    }

    public static TenantScope of(Set<ClientId> clients) {
        return clients.isEmpty() ? NONE : new TenantScope(false, clients);
    }

    public static TenantScope of(ClientId client) {
        return new TenantScope(false, Set.of(client));
    }

    public boolean covers(ClientId client) {
        return allClients || clients.contains(client);
    }

    /**
     * The SQL condition that limits {@code column} (a client id) to this scope; bind
     * {@link #sqlParams()} in its place. The column name is always a constant of the caller.
     */
    public static String sqlCondition(String column) {
        return "(? OR " + column + " = ANY(CAST(? AS uuid[])))";
    }

    /** The two parameters of {@link #sqlCondition}. */
    public java.util.List<Object> sqlParams() {
        return java.util.List.of(allClients, clientIdsSetting());
    }

    /**
     * The client ids as a PostgreSQL array literal: the {@code steward.client_ids} setting, and the
     * parameter of {@code client_id = ANY(CAST(? AS uuid[]))} in scoped queries.
     */
    public String clientIdsSetting() {
        if (clients.size() == 1) {
            // Every agent request and most of a client user's run in a one-client scope.
            return "{" + clients.iterator().next().value() + "}";
        }
        return clients.stream().map(c -> c.value().toString()).sorted().collect(Collectors.joining(",", "{", "}"));
    }
}
