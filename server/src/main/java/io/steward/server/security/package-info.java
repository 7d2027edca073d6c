/**
 * Endpoint security checks: the results the agents report (protocol {@code SecurityCheckMessages}: failed logons, admin
 * group members, firewall, disk encryption, antivirus, listening ports, SSH password login, security updates, pending
 * reboot), each check's history per device as failing episodes ({@link io.steward.server.security.CheckEpisodes}), the
 * client's plan the agents check by ({@link io.steward.server.security.SecurityPlans}; handed back with every heartbeat
 * and every round), incidents for failing checks,
 * MTTD and MTTR per client and month ({@link io.steward.server.security.DetectionTimes}), and the facts it gives the
 * compliance module.
 * This is NOT web access control (sign-in, roles, sessions, MFA): that is {@code platform} and {@code identity}.
 * Invariant: an {@code unknown} result never opens nor closes an episode, and never counts as passing.
 */
package io.steward.server.security;
