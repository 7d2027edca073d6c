package io.steward.server.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may take an action: the roles that may, for a viewer who may write. The one rule both the service that enforces
 * it ({@link #require}) and the page that offers the action ({@link #allows}) ask, so a form is shown exactly to the
 * people the server lets use it. Modules declare theirs as constants next to the service that enforces them.
 */
public record Permission(Set<Role> roles) {

    public Permission {
        roles = Set.copyOf(roles);
    }

    public static Permission of(Role first, Role... more) {
        return new Permission(EnumSet.of(first, more));
    }

    /** Whether {@code viewer} may take the action (false for nobody signed in and for read-only tokens). */
    public boolean allows(Viewer viewer) {
        return viewer != null && !viewer.readOnly() && roles.contains(viewer.role());
    }

    /** Refuses the action unless {@link #allows}: as {@link Viewer#requireWriter}, with the same messages. */
    public void require(Viewer viewer) {
        viewer.requireWriter(roles.toArray(Role[]::new));
    }
}
