package io.steward.server.alerting;

import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;

/**
 * Who may do what in alerting: the one rule the services enforce and the pages ask before offering a form, so that
 * nobody is shown a form the server will refuse them.
 */
public final class AlertingPermissions {
    /** Add, change, enable or disable alert policies and their exclusions. */
    public static final Permission MANAGE_POLICIES = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    /** Plan and cancel maintenance windows. */
    public static final Permission PLAN_MAINTENANCE = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
    /** Acknowledge and snooze alerts. */
    public static final Permission ACT_ON_ALERTS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
    /** Create, rotate, switch off and delete a client's inbound alert sources (a source's secret lets a monitor open incidents). */
    public static final Permission MANAGE_SOURCES = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);

    private AlertingPermissions() {
    }
}
