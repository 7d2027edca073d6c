package io.steward.server.automation.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptDiff;
import io.steward.server.automation.ScriptDraft;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.shared.NotFoundException;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The script library over JSON: staff read it; MSP admins and service managers write it. */
@RestController
@RequestMapping("/api/v1/scripts")
@Tag(name = "Scripts", description = "The MSP's script library: scripts, their immutable versions (identified by the SHA-256 of the body) and diffs")
class ScriptApi {
    private final ScriptLibrary library;

    ScriptApi(ScriptLibrary library) {
        this.library = library;
    }

    @GetMapping
    @Operation(summary = "Scripts by name, each with its newest version; archived=true lists the archived ones")
    List<Script> listScripts(Viewer viewer, @RequestParam(defaultValue = "false") boolean archived) {
        return library.list(viewer, archived);
    }

    @PostMapping
    @Operation(summary = "Create a script and its first version (MSP admins, service managers); 400 with a field per fault, "
            + "409 for a name in use")
    ResponseEntity<Script> createScript(Viewer viewer, @RequestBody ScriptDraft draft) {
        Script s = library.create(viewer, draft);
        return ResponseEntity.created(java.net.URI.create("/api/v1/scripts/" + s.id())).body(s);
    }

    @GetMapping("/{scriptId}")
    @Operation(summary = "One script with its newest version")
    Script getScript(Viewer viewer, @PathVariable UUID scriptId) {
        return library.get(viewer, scriptId);
    }

    @PutMapping("/{scriptId}")
    @Operation(summary = "Save a script (MSP admins, service managers): its fields change in place; a changed body, parameters, timeout, "
            + "output limit or run-as adds a new version (the same content again adds none); the interpreter never changes")
    Script saveScript(Viewer viewer, @PathVariable UUID scriptId, @RequestBody ScriptDraft draft) {
        return library.save(viewer, scriptId, draft);
    }

    @PostMapping("/{scriptId}/archive")
    @Operation(summary = "Archive a script (MSP admins, service managers): no new task picks it; its versions stay")
    Script archiveScript(Viewer viewer, @PathVariable UUID scriptId) {
        return library.archive(viewer, scriptId, true);
    }

    @PostMapping("/{scriptId}/restore")
    @Operation(summary = "Bring an archived script back (MSP admins, service managers)")
    Script restoreScript(Viewer viewer, @PathVariable UUID scriptId) {
        return library.archive(viewer, scriptId, false);
    }

    @GetMapping("/{scriptId}/versions")
    @Operation(summary = "The script's versions, newest first: number, SHA-256, author, time, note")
    List<Script.VersionEntry> listScriptVersions(Viewer viewer, @PathVariable UUID scriptId) {
        return library.versions(viewer, scriptId);
    }

    @GetMapping("/{scriptId}/versions/{scriptVersionId}")
    @Operation(summary = "One version: body, parameters, limits; bodyMatchesHash is false when the stored body was changed outside Steward")
    ScriptLibrary.VersionDetail getScriptVersion(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId) {
        return versionOf(viewer, scriptId, scriptVersionId);
    }

    @GetMapping("/{scriptId}/versions/{scriptVersionId}/diff")
    @Operation(summary = "The version's body against the previous version's, line by line (the first version: every line added)")
    ScriptDiff getScriptVersionDiff(Viewer viewer, @PathVariable UUID scriptId, @PathVariable UUID scriptVersionId) {
        versionOf(viewer, scriptId, scriptVersionId);
        return library.diff(viewer, scriptVersionId);
    }

    private ScriptLibrary.VersionDetail versionOf(Viewer viewer, UUID scriptId, UUID versionId) {
        ScriptLibrary.VersionDetail d = library.version(viewer, versionId);
        if (!d.version().scriptId().equals(scriptId)) {
            throw new NotFoundException("No such script version.");
        }
        return d;
    }
}
