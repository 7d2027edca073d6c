package io.steward.server.shared;

import java.util.regex.Pattern;

/**
 * How to tell whether an id in a request path is visible to the viewer: the table whose {@code id}
 * it names, whose column ties a row to its owner, and who may see such items at all. A module
 * declares one rule per path variable it owns ({@link PathIdRules}); one guard runs them all as a
 * tenant-scoped {@code EXISTS} before the body is read, so an id the viewer cannot see is a 404.
 *
 * @param variable    the path variable, such as {@code deviceId}
 * @param table       the table holding the item (a constant of the declaring module)
 * @param ownerColumn the column that ties a row to its client or user; null for {@link Owner#NONE}
 * @param owner       what that column holds
 * @param audience    who may see such items at all
 */
public record PathIdRule(String variable, String table, String ownerColumn, Owner owner, Audience audience) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_]+");

    /** What ties an item to those who may see it. */
    public enum Owner {
        /** A client id: visible within the viewer's tenant scope. */
        CLIENT,
        /** A client id, or null for an item shared by all clients. */
        CLIENT_OR_SHARED,
        /** A user id: visible to that user only. */
        USER,
        /** Nothing: visible to the whole audience. */
        NONE
    }

    /** Who may see such items at all. */
    public enum Audience {
        ANYONE, STAFF, MSP_ADMIN;

        public boolean admits(Viewer viewer) {
            return switch (this) {
                case ANYONE -> true;
                case STAFF -> viewer.isStaff();
                case MSP_ADMIN -> viewer.hasRole(Role.MSP_ADMIN);
            };
        }
    }

    public PathIdRule {
        // The names go into SQL: they must be plain identifiers, never anything from a request.
        if (!IDENTIFIER.matcher(table).matches() || (ownerColumn != null && !IDENTIFIER.matcher(ownerColumn).matches())) {
            throw new IllegalArgumentException("not a plain table or column name: " + table + "." + ownerColumn);
        }
        if ((owner == Owner.NONE) != (ownerColumn == null)) {
            throw new IllegalArgumentException("an owner column goes with an owner, and only then: " + variable);
        }
    }

    /** An item of one client, such as a ticket ({@code client_id}). */
    public static PathIdRule ofClient(String variable, String table, String clientColumn) {
        return new PathIdRule(variable, table, clientColumn, Owner.CLIENT, Audience.ANYONE);
    }

    /** An item of one client or of all ({@code client_id} null), such as an alert policy. */
    public static PathIdRule ofClientOrShared(String variable, String table, String clientColumn) {
        return new PathIdRule(variable, table, clientColumn, Owner.CLIENT_OR_SHARED, Audience.ANYONE);
    }

    /** An item of one user, such as a notification. */
    public static PathIdRule ofUser(String variable, String table, String userColumn) {
        return new PathIdRule(variable, table, userColumn, Owner.USER, Audience.ANYONE);
    }

    /** An item everyone in the audience may see, such as a service tier. */
    public static PathIdRule shared(String variable, String table) {
        return new PathIdRule(variable, table, null, Owner.NONE, Audience.ANYONE);
    }

    /** The same rule, for this audience only. */
    public PathIdRule forAudience(Audience only) {
        return new PathIdRule(variable, table, ownerColumn, owner, only);
    }
}
