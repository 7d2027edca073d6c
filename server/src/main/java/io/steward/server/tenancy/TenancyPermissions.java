package io.steward.server.tenancy;

import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;

/** Who may change clients and their records: the rules the tenancy services enforce and the pages ask before offering a form. */
public final class TenancyPermissions {
    /** Add clients (staff who see every client), edit them and their logos. */
    public static final Permission MANAGE_CLIENTS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    /** Delete or backdate a client; change the MSP's own settings and logo. */
    public static final Permission ADMINISTER = Permission.of(Role.MSP_ADMIN);
    /** Add and edit a client's sites and contacts. */
    public static final Permission EDIT_RECORDS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);

    private TenancyPermissions() {
    }
}
