/**
 * Backup: the agents' reports of their backup jobs (restic, BorgBackup, Windows Server Backup, Veeam), kept per device
 * as each job's latest state with a bounded history of its attempts; the client's objectives (RPO and RTO, with
 * per-device overrides; which devices should have a backup; failures in a row before an alert; how often restores are
 * tested), judged by {@link io.steward.server.backup.RpoRule} on every report and by a sweep, each breach raising one
 * incident per device and job while it lasts; scheduled restore tests run as standard runs of the built-in restore
 * tester, their measured times kept per device and month as RTO evidence; and the compliance facts that follow.
 * Invariant: a device's backup data comes only from its own signed reports and from the results of restore tests
 * Steward itself prepared; a job counts as meeting its RPO only on a reported restore point younger than the RPO.
 */
package io.steward.server.backup;
