package io.steward.server.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import io.steward.server.automation.ScriptDraft;
import io.steward.server.automation.ScriptDraft.ParameterDraft;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.SignerHost;
import io.steward.server.automation.StandardChangeDraft;
import io.steward.server.automation.StandardChangeView;
import io.steward.server.automation.StandardChanges;
import io.steward.server.identity.IdentityProperties;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.identity.PasskeyRegistration;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo's automation, made on first start: a small script library (read-only scripts, one with typed parameters, one
 * for Windows that cannot run here) and one standard change for the harmless "Disk usage report" on every client, made by
 * the demo's admin and service manager with software passkeys (see {@link SoftwarePasskey}). Those passkeys are
 * registered through identity's ordinary registration and trusted through the signer's host command line, as an
 * operator trusts the first approver at install: only because the signer is this server's child here. Demo only: a
 * software key lives where the server's code can read it, and the standard-change and signer pages say so in demo mode.
 */
@Component
class DemoAutomation {
    static final String DISK_REPORT = "Disk usage report";
    private static final Logger log = LoggerFactory.getLogger(DemoAutomation.class);

    private final ScriptLibrary library;
    private final StandardChanges standardChanges;
    private final PasskeyRegistration registration;
    private final SignerHost signerHost;
    private final IdentityProperties identity;
    private final Environment environment;
    private final Clock clock;
    private final io.steward.server.automation.SigningPage signingPage;

    DemoAutomation(ScriptLibrary library, StandardChanges standardChanges, PasskeyRegistration registration, SignerHost signerHost,
                   IdentityProperties identity, Environment environment, Clock clock, io.steward.server.automation.SigningPage signingPage) {
        this.library = library;
        this.standardChanges = standardChanges;
        this.registration = registration;
        this.signerHost = signerHost;
        this.identity = identity;
        this.environment = environment;
        this.clock = clock;
        this.signingPage = signingPage;
    }

    /** The library, then the standard change; the id of the standard script's version, empty when there is no standard change. */
    Optional<UUID> seed(DemoCast cast) {
        Viewer admin = cast.system();
        UUID diskVersion = null;
        for (ScriptDraft draft : library()) {
            Script s = TenantContext.callAsSystem(() -> library.create(admin, draft));
            if (DISK_REPORT.equals(s.name())) {
                diskVersion = s.latest().id();
            }
        }
        log.info("Demo: {} scripts in the library", library().size());
        if (!signerHost.local()) {
            log.warn("Demo: the signer is not this server's child process, so the demo cannot trust its software approvers; no standard change");
            return Optional.empty();
        }
        try {
            return Optional.of(standardChange(cast, diskVersion));
        } catch (RuntimeException e) {
            log.warn("Demo: the standard change for '{}' could not be made: {}", DISK_REPORT, e.toString());
            return Optional.empty();
        }
    }

    private UUID standardChange(DemoCast cast, UUID version) {
        Viewer admin = cast.system();
        Viewer manager = cast.as(DemoCast.MANAGER);
        String origin = origin();
        SoftwarePasskey adminKey = passkey(admin, origin);
        SoftwarePasskey managerKey = passkey(manager, origin);
        Instant notAfter = clock.instant().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        StandardChangeDraft draft = new StandardChangeDraft(null, null, notAfter, null, Map.of());
        StandardChanges.Prepared prepared = TenantContext.callAsSystem(() -> standardChanges.prepare(admin, version, draft));
        StandardChangeDraft signed = new StandardChangeDraft(prepared.spec().id(), null, notAfter, null, Map.of());
        String rp = identity.webauthn().rpId();
        // Signed as on the signer's own signing page: the only origin the signer accepts assertions from.
        String signing = signingPage.origin();
        TenantContext.callAsSystem(() -> standardChanges.request(admin, version, signed, adminKey.assertion(prepared.spec().digest(), rp, signing)));
        StandardChangeView view = TenantContext.callAsSystem(() -> standardChanges.approve(manager, prepared.spec().id(),
                managerKey.assertion(prepared.spec().digest(), rp, signing)));
        if (!"ACTIVE".equals(view.state())) {
            throw new IllegalStateException("the standard change is " + view.state() + ": " + view.reason());
        }
        log.info("Demo: standard change for '{}' on all clients made by {} and {} with software passkeys; the signer holds it", DISK_REPORT,
                admin.displayName(), manager.displayName());
        return version;
    }

    /** A software passkey registered for the person through identity's registration, and trusted by the signer's host as an approver. */
    private SoftwarePasskey passkey(Viewer person, String origin) {
        PasskeyRegistration.Started started = TenantContext.callAsSystem(() -> registration.start(person));
        SoftwarePasskey key = SoftwarePasskey.create(started.userHandle());
        SoftwarePasskey.Registration r = key.registration(started.challenge(), started.rpId(), origin);
        PasskeyDirectory.Passkey registered = TenantContext.callAsSystem(() -> registration.finish(person, "Demo software key (made at start-up)",
                r.clientDataJson(), r.attestationObject()));
        signerHost.trustOnHost(person.userId().value(), person.displayName(), registered.credentialId(), registered.publicKeyCose(), true);
        return key;
    }

    /** The first allowed origin, its port filled in from this server's when it allows any port. */
    private String origin() {
        String first = identity.webauthn().origins().getFirst().strip();
        if (first.endsWith(":*")) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            return first.substring(0, first.length() - 1) + port;
        }
        return first;
    }

    static List<ScriptDraft> library() {
        return List.of(
                new ScriptDraft(DISK_REPORT, "Lists the local file systems and how full they are. Read-only.", "Reports", "bash",
                        List.of("linux", "macos"), null, """
                        #!/usr/bin/env bash
                        # Read-only: local file systems, their size and how full they are.
                        df -hl
                        """, List.of(), 60, null, "", "First version"),
                new ScriptDraft("Top processes", "The busiest processes by CPU or memory. Read-only.", "Diagnostics", "bash", List.of("linux"),
                        null, """
                        #!/usr/bin/env bash
                        # Read-only: the busiest processes. $1: sort by cpu or mem; $2: how many to list.
                        by="$1"
                        count="$2"
                        ps -eo pid,user,%cpu,%mem,etime,comm --sort=-%"$by" | head -n "$((count + 1))"
                        """, List.of(new ParameterDraft("SORT_BY", "Sort by", ParameterType.CHOICE, Parameter.Delivery.ARGUMENT, true, "cpu", null,
                                null, null, List.of("cpu", "mem")),
                        new ParameterDraft("COUNT", "How many", ParameterType.INTEGER, Parameter.Delivery.ARGUMENT, true, "10", null, 1L, 50L, null)),
                        60, null, "", "First version"),
                new ScriptDraft("Show failed systemd units", "Lists the systemd units that failed. Read-only.", "Diagnostics", "bash",
                        List.of("linux"), null, """
                        #!/usr/bin/env bash
                        # Read-only: units systemd marks as failed.
                        systemctl list-units --state=failed --no-pager --plain
                        """, List.of(), 60, null, "", "First version"),
                new ScriptDraft("Windows disk space", "Free and used space of each drive. Read-only; runs on Windows devices only.", "Reports",
                        "powershell", List.of("windows"), null, """
                        # Read-only: every file-system drive with its used and free space in GB.
                        Get-PSDrive -PSProvider FileSystem |
                            Select-Object Name, @{n='UsedGB';e={[math]::Round($_.Used / 1GB, 1)}}, @{n='FreeGB';e={[math]::Round($_.Free / 1GB, 1)}} |
                            Format-Table -AutoSize
                        """, List.of(), 120, null, "", "First version"));
    }
}
