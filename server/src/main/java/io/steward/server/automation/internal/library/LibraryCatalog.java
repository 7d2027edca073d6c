package io.steward.server.automation.internal.library;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The script library as tasks read it. Every version handed out has had its body's SHA-256 recomputed: a version whose
 * stored body no longer matches its stored hash (a row changed outside Steward) is refused, never used.
 */
@Service
class LibraryCatalog implements ScriptCatalog {
    private static final Logger log = LoggerFactory.getLogger(LibraryCatalog.class);

    private final ScriptRepository scripts;
    private final StandardChangeRepository changes;
    private final Clock clock;

    LibraryCatalog(ScriptRepository scripts, StandardChangeRepository changes, Clock clock) {
        this.scripts = scripts;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    // A version refused for its hash is an answer, not a failure of the caller's transaction.
    @Transactional(readOnly = true, noRollbackFor = io.steward.server.shared.ConflictException.class)
    public Optional<ScriptVersion> version(UUID versionId) {
        return scripts.version(versionId).map(LibraryCatalog::checked);
    }

    @Override
    @Transactional(readOnly = true, noRollbackFor = io.steward.server.shared.ConflictException.class)
    public Optional<ScriptVersion> latest(UUID scriptId) {
        return scripts.latest(scriptId).map(LibraryCatalog::checked);
    }

    @Override
    public ResolvedParameters resolve(ScriptVersion version, UUID taskId, Map<String, String> values) {
        return ParameterValues.resolve(version.parameters(), taskId, values);
    }

    /** Every standard change of the version, whatever client it is for: the caller scopes by its task's client. */
    @Override
    @Transactional(readOnly = true)
    public List<StandardChange> standardChanges(UUID versionId) {
        return changes.list(TenantScope.all(), versionId).stream().flatMap(r -> {
            try {
                StandardChangeSpec spec = StandardChangeStatements.parse(r.spec());
                String state = r.state();
                if (("ACTIVE".equals(state) || "AWAITING_APPROVAL".equals(state)) && !r.notAfter().isAfter(clock.instant())) {
                    state = "EXPIRED";
                }
                return java.util.stream.Stream.of(new StandardChange(r.id(), r.scriptVersionId(), spec, state));
            } catch (RuntimeException e) {
                log.warn("Standard change {} has a damaged statement and is left out: {}", r.id(), e.getMessage());
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }

    private static ScriptVersion checked(ScriptRepository.VersionRow row) {
        if (!row.bodyMatches()) {
            log.error("Script version {} ({} v{}): the stored body does not hash to the stored SHA-256 {}; refused", row.version().id(),
                    row.version().scriptName(), row.version().number(), row.version().sha256());
            throw new ConflictException("Version " + row.version().number() + " of " + row.version().scriptName()
                    + " no longer matches its SHA-256: it was changed outside Steward and cannot be used.");
        }
        return row.version();
    }
}
