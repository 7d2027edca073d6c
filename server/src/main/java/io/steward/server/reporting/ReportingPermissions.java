package io.steward.server.reporting;

import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;

/** Who may change a client's report settings and store its monthly reports: the rule the service enforces and pages ask. */
public final class ReportingPermissions {
    /** Change report settings and store a month's report. */
    public static final Permission MANAGE_REPORTS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);

    private ReportingPermissions() {
    }
}
