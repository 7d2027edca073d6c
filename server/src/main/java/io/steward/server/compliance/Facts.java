package io.steward.server.compliance;

import java.util.List;

/**
 * The fact ids Steward's modules report as {@link Evidence}; the control catalogues map them to controls. A new fact is
 * a new constant here, a source that reports it and a line in the mapping file.
 */
public final class Facts {
    /** Every device that should have a backup has a job reporting. */
    public static final String BACKUP_COVERAGE = "backup.coverage";
    /** Every backed-up device's newest good restore point is younger than its RPO. */
    public static final String BACKUP_RPO_MET = "backup.rpo-met";
    /** A restore test ran within its period and finished within the RTO, verified. */
    public static final String BACKUP_RESTORE_TESTED = "backup.restore-tested";
    /** Prefix of the security checks' facts: {@code security.} + a check id of the agent protocol (all devices pass). */
    public static final String SECURITY_PREFIX = "security.";
    /** The client's patch compliance meets its policy's deadline. */
    public static final String PATCH_COMPLIANCE = "patching.compliance";
    /** Every staff user who can see the client signs in with a second factor (passkey or TOTP). */
    public static final String STAFF_MFA = "identity.staff-mfa";
    /** The audit log's hash chain verifies. */
    public static final String AUDIT_LOG_INTACT = "audit.log-intact";
    /** The client's monthly service report for the last ended month was delivered. */
    public static final String SLA_REPORT_DELIVERED = "reporting.sla-report-delivered";

    public static final List<String> SERVICE_FACTS = List.of(BACKUP_COVERAGE, BACKUP_RPO_MET, BACKUP_RESTORE_TESTED, PATCH_COMPLIANCE,
            STAFF_MFA, AUDIT_LOG_INTACT, SLA_REPORT_DELIVERED);

    private static final java.util.Map<String, String> WORDS = java.util.Map.of(
            BACKUP_COVERAGE, "Backup coverage", BACKUP_RPO_MET, "Restore points within the RPO", BACKUP_RESTORE_TESTED, "Restore tested within the RTO",
            PATCH_COMPLIANCE, "Patch compliance", STAFF_MFA, "Staff sign in with a second factor", AUDIT_LOG_INTACT, "Audit log intact",
            SLA_REPORT_DELIVERED, "Monthly service report delivered", "manual", "Manual evidence");

    private Facts() {
    }

    /** The fact in words for people ({@code security.ssh-password-login} becomes "Security check: ssh password login"). */
    public static String words(String fact) {
        if (fact.startsWith(SECURITY_PREFIX)) {
            return "Security check: " + fact.substring(SECURITY_PREFIX.length()).replace('-', ' ');
        }
        return WORDS.getOrDefault(fact, fact);
    }
}
