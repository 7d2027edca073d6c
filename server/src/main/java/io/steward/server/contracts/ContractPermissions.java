package io.steward.server.contracts;

import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;

/**
 * Who may change contracts, service tiers and business-hours calendars: the one rule {@link ContractService} enforces
 * and the pages ask before offering a form or link.
 */
public final class ContractPermissions {
    /** Create and edit a client's contracts. */
    public static final Permission MANAGE_CONTRACTS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    /** Delete a contract. */
    public static final Permission DELETE_CONTRACTS = Permission.of(Role.MSP_ADMIN);
    /** Create and edit service tiers and business-hours calendars. */
    public static final Permission MANAGE_TIERS = Permission.of(Role.MSP_ADMIN);

    private ContractPermissions() {
    }
}
