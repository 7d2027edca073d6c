package io.steward.protocol.security;

import java.util.List;

import io.steward.protocol.AgentProtocol;

/**
 * The agent's security check messages (protocol v1, signed like every agent request): the results of the checks it
 * evaluates on its own schedule, each with its evidence, and the server's plan for the next rounds in the answer. The
 * checks only read the device's state; none changes it.
 */
public final class SecurityCheckMessages {
    /** The agent posts {@link Results} here; the answer is a {@link ResultsResponse}. */
    public static final String RESULTS_PATH = AgentProtocol.PATH_PREFIX + "/security/checks";

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    /** The agent could not tell (not supported on this system, no permission, the tool missing): never counted as a pass. */
    public static final String UNKNOWN = "unknown";
    public static final List<String> STATUSES = List.of(PASS, FAIL, UNKNOWN);

    /** Failed logons in the plan's window above its threshold fail (journald/auth log; Windows Security event 4625). */
    public static final String FAILED_LOGONS = "failed-logons";
    /**
     * Members of the admin groups (sudo/wheel; Administrators) that are new fail: neither in the plan's known list nor
     * members at the agent's first round of this check (its local baseline, kept in its state directory).
     */
    public static final String ADMIN_GROUP = "admin-group";
    /** A host firewall is active (nftables/iptables rules, ufw, firewalld; Windows Defender Firewall on all profiles). */
    public static final String FIREWALL = "firewall";
    /** Every fixed data volume is encrypted (LUKS; BitLocker). */
    public static final String DISK_ENCRYPTION = "disk-encryption";
    /** An antivirus is present and its signatures are recent (ClamAV; Defender). */
    public static final String ANTIVIRUS = "antivirus";
    /** Every listening port is in the plan's allowed list. */
    public static final String LISTENING_PORTS = "listening-ports";
    /** SSH does not accept passwords (PasswordAuthentication and KbdInteractiveAuthentication off). */
    public static final String SSH_PASSWORD_LOGIN = "ssh-password-login";
    /** Security updates are applied automatically, or none is pending longer than the plan allows (from the patch scan). */
    public static final String SECURITY_UPDATES = "security-updates";
    /** No reboot has been pending longer than the plan allows. */
    public static final String REBOOT_PENDING = "reboot-pending";
    public static final List<String> CHECKS = List.of(FAILED_LOGONS, ADMIN_GROUP, FIREWALL, DISK_ENCRYPTION, ANTIVIRUS, LISTENING_PORTS,
            SSH_PASSWORD_LOGIN, SECURITY_UPDATES, REBOOT_PENDING);

    private SecurityCheckMessages() {
    }

    /**
     * One round of checks.
     *
     * @param seq         the agent's message sequence number
     * @param evaluatedAt when the round ended (epoch milliseconds, the agent's clock)
     * @param results     one per check the agent evaluated, each check at most once
     */
    public record Results(long seq, long evaluatedAt, List<Result> results) {
    }

    /**
     * One check's result.
     *
     * @param check      one of {@link #CHECKS}
     * @param status     {@link #PASS}, {@link #FAIL} or {@link #UNKNOWN}
     * @param evidence   what the agent saw, short and human-readable (at most 2,000 characters; e.g. the listening ports not
     *                   allowed, the failed logons counted, the configuration line read)
     * @param observedAt when the evidence shows the state began, where the evidence itself says (the first failed logon
     *                   of the window, the time a user joined the admin group); null when it does not (then the server
     *                   takes the evaluation before the first failing one as the latest the failure can have begun)
     */
    public record Result(String check, String status, String evidence, Long observedAt) {
    }

    /**
     * What the agent checks, and how, until the next answer; the agent starts from {@link #DEFAULT_PLAN}.
     *
     * @param everyMinutes             minutes between rounds
     * @param failedLogonWindowMinutes the window of {@link #FAILED_LOGONS}
     * @param failedLogonThreshold     more failed logons than this in the window fail the check
     * @param allowedPorts             listening ports allowed by {@link #LISTENING_PORTS} ({@code 22/tcp}, {@code 53/udp}, a range
     *                                 {@code 8000-8099/tcp})
     * @param admins                   the known members of the admin groups
     * @param maxRebootPendingHours    {@link #REBOOT_PENDING} fails after this long
     * @param maxSecurityUpdateAgeDays {@link #SECURITY_UPDATES} fails when a security update has been pending longer
     */
    public record Plan(int everyMinutes, int failedLogonWindowMinutes, int failedLogonThreshold, List<String> allowedPorts,
                       List<String> admins, int maxRebootPendingHours, int maxSecurityUpdateAgeDays) {
    }

    /** Hourly, 10 failed logons an hour, SSH only, no known admins beyond the agent's baseline, 72 h, 30 days. */
    public static final Plan DEFAULT_PLAN = new Plan(60, 60, 10, List.of("22/tcp"), List.of(), 72, 30);

    /** The server's answer: stored or not (with the reason), and the plan for the next rounds. */
    public record ResultsResponse(long seq, boolean accepted, String reason, Plan plan) {
    }
}
