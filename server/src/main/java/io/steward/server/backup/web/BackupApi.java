package io.steward.server.backup.web;

import java.util.List;

import io.steward.server.backup.BackupPolicies;
import io.steward.server.backup.BackupPolicy;
import io.steward.server.backup.BackupService;
import io.steward.server.backup.BackupViews;
import io.steward.server.backup.RestoreTests;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Backup over JSON: jobs and their history, objectives, breaches, restore tests, coverage (staff only). */
@RestController
@RequestMapping("/api/v1/backup")
@Tag(name = "Backup", description = "What the agents report of their backup jobs (restic, BorgBackup, Windows Server Backup, Veeam): each job's "
        + "newest restore point and its age against the RPO, last attempt and result, failures in a row and history; the client's objectives "
        + "(RPO, RTO, which devices should have a backup, alerts, restore tests) with per-device RPO/RTO; breaches with their incidents; restore "
        + "tests with their measured time against the RTO; coverage. Technicians limited to some clients see only theirs.")
class BackupApi {
    private final BackupService backups;
    private final BackupPolicies policies;
    private final RestoreTests restoreTests;

    BackupApi(BackupService backups, BackupPolicies policies, RestoreTests restoreTests) {
        this.backups = backups;
        this.policies = policies;
        this.restoreTests = restoreTests;
    }

    @GetMapping("/clients")
    @Operation(summary = "Backup figures per client: jobs, jobs within their RPO, jobs breaching, coverage, restore tests of the current period")
    List<BackupViews.ClientSummary> listBackupClients(Viewer viewer) {
        return backups.clients(viewer);
    }

    @GetMapping("/clients/{clientId}")
    @Operation(summary = "One client's backup: objectives, coverage, every job judged now, breaches (open first), restore tests, and why the "
            + "last restore-test pass ran nothing when it did not")
    BackupViews.ClientBackup getClientBackup(Viewer viewer, @PathVariable ClientId clientId) {
        return backups.client(viewer, clientId);
    }

    @GetMapping("/clients/{clientId}/policy")
    @Operation(summary = "The client's backup objectives (the defaults when never set: version 0); ETag is its version")
    ResponseEntity<BackupPolicy> getBackupPolicy(Viewer viewer, @PathVariable ClientId clientId) {
        BackupPolicy p = policies.get(viewer, clientId);
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @PutMapping("/clients/{clientId}/policy")
    @Operation(summary = "Change the client's backup objectives (fields left out keep their value; service managers and admins); If-Match: the "
            + "version read (\"0\" for the defaults); 412 when it changed since, 400 with the field at fault")
    ResponseEntity<BackupPolicy> updateBackupPolicy(Viewer viewer, @PathVariable ClientId clientId, ExpectedVersion ifMatch,
                                                    @RequestBody BackupPolicy.Draft draft) {
        BackupPolicy p = policies.update(viewer, clientId, draft, ifMatch.value());
        return ResponseEntity.ok().eTag("\"" + p.version() + "\"").body(p);
    }

    @PostMapping("/clients/{clientId}/restore-tests")
    @Operation(summary = "Prepare the client's restore tests that are due this period now (service managers and admins); each runs under an "
            + "active standard change of the built-in restore tester, or not at all (the answer says why)")
    RestoreTests.Started runDueRestoreTests(Viewer viewer, @PathVariable ClientId clientId) {
        return restoreTests.runDue(viewer, clientId);
    }

    @GetMapping("/restore-tester")
    @Operation(summary = "The built-in restore tester (a library script of interpreter 'restore-test' with a fixed body, made on first use): "
            + "what a standard change for restore tests names")
    RestoreTests.Tester getRestoreTester(Viewer viewer) {
        return restoreTests.tester(viewer);
    }

    @GetMapping("/devices/{deviceId}")
    @Operation(summary = "One device's backup: its RPO and RTO in force (its own or its client's), whether it should have a backup, its jobs "
            + "with their attempts (newest first), breaches and restore tests")
    BackupViews.DeviceBackup getDeviceBackup(Viewer viewer, @PathVariable DeviceId deviceId) {
        return backups.device(viewer, deviceId);
    }

    @PutMapping("/devices/{deviceId}/objective")
    @Operation(summary = "Set the device's own RPO (hours) and RTO (minutes); null follows the client's (service managers and admins)")
    BackupPolicy.DeviceObjective setDeviceBackupObjective(Viewer viewer, @PathVariable DeviceId deviceId, @RequestBody BackupPolicy.DeviceObjective objective) {
        return policies.setObjective(viewer, deviceId, objective);
    }
}
