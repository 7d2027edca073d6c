package io.steward.server.automation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.steward.server.audit.AuditLog;
import io.steward.server.automation.ScriptCatalog.ScriptVersion;
import io.steward.server.automation.internal.library.LineDiff;
import io.steward.server.automation.internal.library.ParameterDefinitions;
import io.steward.server.automation.internal.library.ScriptHashes;
import io.steward.server.automation.internal.library.ScriptRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The MSP's script library. Every staff member reads it; MSP admins and service managers write it, as they answer for
 * what the MSP's tools do on clients' machines. Saving a script whose body, parameters or limits changed adds an
 * immutable version identified by the SHA-256 of its body; saving the same content again adds none.
 */
@Service
public class ScriptLibrary {
    /** Who may create, change and archive scripts. */
    public static final Permission EDITORS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    public static final List<String> INTERPRETERS = List.of("bash", "sh", "powershell", "python");
    public static final List<String> OPERATING_SYSTEMS = List.of("windows", "linux", "macos");
    public static final int DEFAULT_TIMEOUT = 300;
    public static final int DEFAULT_OUTPUT_LIMIT = 65_536;
    private static final Pattern RUN_AS = Pattern.compile("[A-Za-z0-9._@\\\\-]{0,64}");

    private final ScriptRepository scripts;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public ScriptLibrary(ScriptRepository scripts, ClientService clients, AuditLog audit, Clock clock) {
        this.scripts = scripts;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A version as its page shows it.
     *
     * @param bodyMatchesHash false when the stored body no longer hashes to the stored SHA-256: the row was changed
     *                        outside Steward, and no task can use the version
     */
    public record VersionDetail(ScriptVersion version, String author, String note, boolean bodyMatchesHash) {
    }

    @Transactional(readOnly = true)
    public List<Script> list(Viewer viewer, boolean archived) {
        requireStaff(viewer);
        return scripts.list(archived);
    }

    @Transactional(readOnly = true)
    public Script get(Viewer viewer, UUID scriptId) {
        requireStaff(viewer);
        return scripts.find(scriptId).orElseThrow(() -> new NotFoundException("No such script."));
    }

    @Transactional(readOnly = true)
    public List<Script.VersionEntry> versions(Viewer viewer, UUID scriptId) {
        get(viewer, scriptId);
        return scripts.versions(scriptId);
    }

    @Transactional(readOnly = true)
    public VersionDetail version(Viewer viewer, UUID versionId) {
        requireStaff(viewer);
        ScriptRepository.VersionRow row = scripts.version(versionId).orElseThrow(() -> new NotFoundException("No such script version."));
        return new VersionDetail(row.version(), row.author(), row.note(), row.bodyMatches());
    }

    /** The version's body against the version before it. */
    @Transactional(readOnly = true)
    public ScriptDiff diff(Viewer viewer, UUID versionId) {
        ScriptVersion to = version(viewer, versionId).version();
        ScriptVersion from = scripts.previous(to).map(ScriptRepository.VersionRow::version).orElse(null);
        List<ScriptDiff.Line> lines = LineDiff.between(from == null ? "" : from.body(), to.body());
        int added = (int) lines.stream().filter(l -> l.change() == ScriptDiff.Change.ADDED).count();
        int removed = (int) lines.stream().filter(l -> l.change() == ScriptDiff.Change.REMOVED).count();
        return new ScriptDiff(from == null ? null : from.number(), from == null ? null : from.sha256(), to.number(), to.sha256(), added, removed,
                lines);
    }

    /** The faults of a draft without saving anything (for a form that has faults of its own to show with them). */
    @Transactional(readOnly = true)
    public java.util.Map<String, String> faults(Viewer viewer, UUID scriptId, ScriptDraft draft) {
        EDITORS.require(viewer);
        Map<String, String> errors = new LinkedHashMap<>();
        values(viewer, draft, scriptId == null ? null : get(viewer, scriptId), errors);
        content(draft, errors);
        return errors;
    }

    @Transactional
    public Script create(Viewer viewer, ScriptDraft draft) {
        EDITORS.require(viewer);
        Map<String, String> errors = new LinkedHashMap<>();
        ScriptRepository.Values values = values(viewer, draft, null, errors);
        ScriptRepository.VersionValues content = content(draft, errors);
        RefusedFields.throwIfAny(errors);
        UUID id = UUID.randomUUID();
        audit.record("script.created", "script", id.toString(), null, Map.of("name", values.name(), "interpreter", values.interpreter(),
                "sha256", content.sha256()));
        try {
            scripts.insert(id, values, viewer.userId().value(), clock.instant());
        } catch (DuplicateKeyException e) {
            throw nameTaken(values.name());
        }
        scripts.insertVersion(id, content, viewer.userId().value(), clock.instant());
        return scripts.find(id).orElseThrow();
    }

    /** Saves the script's fields, and a new version when its content differs from the newest version's. */
    @Transactional
    public Script save(Viewer viewer, UUID scriptId, ScriptDraft draft) {
        EDITORS.require(viewer);
        Script before = get(viewer, scriptId);
        requireNotBuiltIn(before);
        scripts.lock(scriptId);
        Map<String, String> errors = new LinkedHashMap<>();
        ScriptRepository.Values values = values(viewer, draft, before, errors);
        ScriptRepository.VersionValues content = content(draft, errors);
        RefusedFields.throwIfAny(errors);
        ScriptVersion latest = scripts.latest(scriptId).map(ScriptRepository.VersionRow::version).orElse(null);
        if (!values.equals(new ScriptRepository.Values(before.name(), before.description(), before.category(), before.interpreter(),
                before.operatingSystems(), before.clientIds()))) {
            audit.record("script.updated", "script", scriptId.toString(), null, Map.of("before", describe(before), "after", describe(values)));
            try {
                scripts.update(scriptId, values);
            } catch (DuplicateKeyException e) {
                throw nameTaken(values.name());
            }
        }
        if (latest == null || !sameContent(latest, content)) {
            audit.record("script.version_added", "script", scriptId.toString(), null, Map.of("name", values.name(), "number",
                    latest == null ? 1 : latest.number() + 1, "sha256", content.sha256(), "previousSha256", latest == null ? "" : latest.sha256()));
            scripts.insertVersion(scriptId, content, viewer.userId().value(), clock.instant());
        }
        return scripts.find(scriptId).orElseThrow();
    }

    /** Archives a script (no new tasks pick it; its versions stay for the tasks that ran them) or brings it back. */
    @Transactional
    public Script archive(Viewer viewer, UUID scriptId, boolean archived) {
        EDITORS.require(viewer);
        Script s = get(viewer, scriptId);
        requireNotBuiltIn(s);
        if (s.archived() != archived) {
            audit.record(archived ? "script.archived" : "script.restored", "script", scriptId.toString(), null, Map.of("name", s.name()));
            scripts.setArchived(scriptId, archived);
        }
        return get(viewer, scriptId);
    }

    /** The name of the built-in patch installer in the library (issue 18). */
    public static final String PATCH_INSTALLER = "Patch install (built-in)";

    /**
     * The built-in patch installer (added for issue 18): the library's one script of interpreter
     * {@link io.steward.protocol.patch.PatchInstall#INTERPRETER}, whose body is exactly
     * {@link io.steward.protocol.patch.PatchInstall#BODY} and whose parameters are PACKAGES, SCOPE, REBOOT and REBOOT_WARNING.
     * Made on first use, by the system (no author); people can neither make a script of that interpreter nor change or
     * archive this one. Returns its version, which patch tasks run.
     */
    @Transactional
    public ScriptVersion patchInstaller() {
        java.util.Optional<Script> existing = java.util.stream.Stream.concat(scripts.list(false).stream(), scripts.list(true).stream())
                .filter(s -> io.steward.protocol.patch.PatchInstall.INTERPRETER.equals(s.interpreter())).findFirst();
        UUID id = existing.map(Script::id).orElseGet(UUID::randomUUID);
        if (existing.isEmpty()) {
            String body = io.steward.protocol.patch.PatchInstall.BODY;
            audit.record("script.created", "script", id.toString(), null, Map.of("name", PATCH_INSTALLER, "interpreter",
                    io.steward.protocol.patch.PatchInstall.INTERPRETER, "sha256", ScriptHashes.sha256(body), "builtIn", true));
            scripts.insert(id, new ScriptRepository.Values(PATCH_INSTALLER, "Installs exactly the updates named in PACKAGES with the device's "
                    + "package manager (built in; see issue 18).", "patching", io.steward.protocol.patch.PatchInstall.INTERPRETER,
                    List.of("linux", "windows"), List.of()), null, clock.instant());
            scripts.insertVersion(id, new ScriptRepository.VersionValues(body, ScriptHashes.sha256(body), PATCH_PARAMETERS, 3600, 65_536, "",
                    "built in"), null, clock.instant());
        }
        return scripts.latest(id).map(ScriptRepository.VersionRow::version).orElseThrow();
    }

    // PACKAGES also takes "*", which only a standard change's allowed values use (the signer's one wildcard); the agent reads
    // the list strictly and refuses "*" in a task.
    private static final List<ScriptCatalog.ParameterDefinition> PATCH_PARAMETERS = List.of(
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.patch.PatchInstall.PACKAGES, "Updates (name=version, space-separated, in name order)",
                    ScriptCatalog.ParameterType.STRING, io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, null,
                    "\\*|[a-z0-9][a-z0-9+._-]{0,127}(:[a-z0-9_]{1,16})?=[A-Za-z0-9.+~:_-]{1,128}( [a-z0-9][a-z0-9+._-]{0,127}(:[a-z0-9_]{1,16})?=[A-Za-z0-9.+~:_-]{1,128})*",
                    null, null, null),
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.patch.PatchInstall.SCOPE, "Scope", ScriptCatalog.ParameterType.CHOICE,
                    io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, "approved", null, null, null,
                    io.steward.protocol.patch.PatchInstall.SCOPES),
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.patch.PatchInstall.REBOOT, "Reboot", ScriptCatalog.ParameterType.CHOICE,
                    io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, "if-required", null, null, null,
                    io.steward.protocol.patch.PatchInstall.REBOOTS),
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.patch.PatchInstall.REBOOT_WARNING, "Warn users (minutes before a reboot)",
                    ScriptCatalog.ParameterType.INTEGER, io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, "15", null, 0L, 240L, null));

    private static void requireNotBuiltIn(Script s) {
        if (io.steward.protocol.patch.PatchInstall.INTERPRETER.equals(s.interpreter())) {
            throw new ForbiddenException("The built-in patch installer cannot be changed or archived.");
        }
        if (io.steward.protocol.backup.RestoreTest.INTERPRETER.equals(s.interpreter())) {
            throw new ForbiddenException("The built-in restore tester cannot be changed or archived.");
        }
    }

    /** The name of the built-in restore tester in the library (issue 19). */
    public static final String RESTORE_TESTER = "Restore test (built-in)";

    /**
     * The built-in restore tester (added for issue 19), made like {@link #patchInstaller()}: the library's one script of
     * interpreter {@link io.steward.protocol.backup.RestoreTest#INTERPRETER} with the fixed body
     * {@link io.steward.protocol.backup.RestoreTest#BODY} and the parameters JOB and SAMPLE. Returns its version.
     */
    @Transactional
    public ScriptVersion restoreTester() {
        String interpreter = io.steward.protocol.backup.RestoreTest.INTERPRETER;
        java.util.Optional<Script> existing = java.util.stream.Stream.concat(scripts.list(false).stream(), scripts.list(true).stream())
                .filter(s -> interpreter.equals(s.interpreter())).findFirst();
        UUID id = existing.map(Script::id).orElseGet(UUID::randomUUID);
        if (existing.isEmpty()) {
            String body = io.steward.protocol.backup.RestoreTest.BODY;
            audit.record("script.created", "script", id.toString(), null, Map.of("name", RESTORE_TESTER, "interpreter", interpreter, "sha256",
                    ScriptHashes.sha256(body), "builtIn", true));
            scripts.insert(id, new ScriptRepository.Values(RESTORE_TESTER, "Restores SAMPLE files of the newest restore point of the local backup "
                    + "job JOB into a scratch directory, verifies them and reports the time taken (built in; see issue 19).", "backup", interpreter,
                    List.of("linux", "windows"), List.of()), null, clock.instant());
            scripts.insertVersion(id, new ScriptRepository.VersionValues(body, ScriptHashes.sha256(body), RESTORE_PARAMETERS, 3600, 65_536, "",
                    "built in"), null, clock.instant());
        }
        return scripts.latest(id).map(ScriptRepository.VersionRow::version).orElseThrow();
    }

    private static final List<ScriptCatalog.ParameterDefinition> RESTORE_PARAMETERS = List.of(
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.backup.RestoreTest.JOB, "Backup job (its name on the device)",
                    ScriptCatalog.ParameterType.STRING, io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, null,
                    "[A-Za-z0-9][A-Za-z0-9._-]{0,127}", null, null, null),
            new ScriptCatalog.ParameterDefinition(io.steward.protocol.backup.RestoreTest.SAMPLE, "Files to restore", ScriptCatalog.ParameterType.INTEGER,
                    io.steward.protocol.task.Parameter.Delivery.ENVIRONMENT, true, "5", null, 1L, (long) io.steward.protocol.backup.RestoreTest.MAX_SAMPLE,
                    null));

    private ScriptRepository.Values values(Viewer viewer, ScriptDraft d, Script before, Map<String, String> errors) {
        String name = text(d.name(), "name", 120, errors);
        if (name.isEmpty()) {
            errors.put("name", "Give the script a name.");
        }
        String interpreter = d.interpreter() == null ? "" : d.interpreter().strip();
        if (before != null) {
            if (!interpreter.isEmpty() && !interpreter.equals(before.interpreter())) {
                errors.put("interpreter", "The interpreter is chosen when the script is made; make a new script for another one.");
            }
            interpreter = before.interpreter();
        } else if (!INTERPRETERS.contains(interpreter)) {
            errors.put("interpreter", "Choose bash, sh, powershell or python.");
        }
        List<String> systems = d.operatingSystems() == null ? List.of() : d.operatingSystems().stream().distinct().sorted().toList();
        if (systems.isEmpty() || !OPERATING_SYSTEMS.containsAll(systems)) {
            errors.put("operatingSystems", "Choose the systems it runs on: windows, linux, macos.");
        }
        List<UUID> clientIds = d.clientIds() == null ? List.of() : d.clientIds().stream().distinct().sorted().toList();
        for (UUID c : clientIds) {
            if (c == null || !clients.exists(viewer.scope(), new ClientId(c))) {
                errors.put("clientIds", "The restriction lists a client that does not exist.");
            }
        }
        return new ScriptRepository.Values(name, text(d.description(), "description", 4000, errors), text(d.category(), "category", 60, errors),
                interpreter, systems, clientIds);
    }

    private static ScriptRepository.VersionValues content(ScriptDraft d, Map<String, String> errors) {
        String body = d.body() == null ? "" : d.body().replace("\r\n", "\n");
        if (body.isBlank()) {
            errors.put("body", "Write the script.");
        } else if (body.length() > 262_144) {
            errors.put("body", "At most 262,144 characters.");
        } else if (body.indexOf('\0') >= 0) {
            errors.put("body", "A script cannot contain a NUL character.");
        }
        ParameterDefinitions.Outcome params = ParameterDefinitions.check(d.parameters() == null ? null
                : d.parameters().stream().map(p -> p == null ? null : p.definition()).toList());
        errors.putAll(params.errors());
        int timeout = d.timeoutSeconds() == null ? DEFAULT_TIMEOUT : d.timeoutSeconds();
        if (timeout < 1 || timeout > 86_400) {
            errors.put("timeoutSeconds", "Between 1 second and 86,400 (a day).");
        }
        int limit = d.outputLimitBytes() == null ? DEFAULT_OUTPUT_LIMIT : d.outputLimitBytes();
        if (limit < 1024 || limit > 1_048_576) {
            errors.put("outputLimitBytes", "Between 1,024 and 1,048,576 bytes.");
        }
        String runAs = d.runAs() == null ? "" : d.runAs().strip();
        if (!RUN_AS.matcher(runAs).matches()) {
            errors.put("runAs", "A user name of letters, digits and . _ @ - \\ (at most 64), or empty for the agent's own user.");
        }
        String note = text(d.note(), "note", 1000, errors);
        return new ScriptRepository.VersionValues(body, body.isEmpty() ? "" : ScriptHashes.sha256(body), params.definitions(), timeout, limit,
                runAs, note);
    }

    private static boolean sameContent(ScriptVersion v, ScriptRepository.VersionValues c) {
        return v.sha256().equals(c.sha256()) && v.parameters().equals(c.parameters()) && v.timeoutSeconds() == c.timeoutSeconds()
                && v.outputLimitBytes() == c.outputLimitBytes() && v.runAs().equals(c.runAs());
    }

    private static String text(String value, String field, int max, Map<String, String> errors) {
        String s = value == null ? "" : value.strip();
        if (s.length() > max) {
            errors.put(field, "At most " + max + " characters.");
        }
        return s;
    }

    static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("The script library is for MSP staff.");
        }
    }

    private static Map<String, Object> describe(Script s) {
        return describe(new ScriptRepository.Values(s.name(), s.description(), s.category(), s.interpreter(), s.operatingSystems(), s.clientIds()));
    }

    private static Map<String, Object> describe(ScriptRepository.Values v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("category", v.category());
        m.put("operatingSystems", v.operatingSystems());
        m.put("clientIds", v.clientIds().stream().map(UUID::toString).toList());
        return m;
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("name", "There is a script called '" + name + "' already.");
    }

}
