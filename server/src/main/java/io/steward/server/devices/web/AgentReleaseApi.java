package io.steward.server.devices.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.steward.server.devices.AgentRelease;
import io.steward.server.devices.AgentReleases;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Agent releases (MSP admins): upload a jar with its signed manifest, roll it out in rings, see who runs what. */
@RestController
@RequestMapping("/api/v1/agent-releases")
@Tag(name = "Agent releases", description = "Agent versions signed with the release key (bin/steward-release) and their rollout: "
        + "the pilot device groups first, every device after N days. Agents verify the signature against the key they pinned.")
class AgentReleaseApi {
    private final AgentReleases releases;

    AgentReleaseApi(AgentReleases releases) {
        this.releases = releases;
    }

    /**
     * @param pilotGroupIds    device groups (of any client) whose devices get the release at once
     * @param generalAfterDays days after which every device gets it (0: at once)
     */
    record RolloutRequest(List<UUID> pilotGroupIds, Integer generalAfterDays, Integer stopPercent) {
    }

    @GetMapping
    @Operation(summary = "Uploaded agent releases, newest first, with their rollout and how many devices run each")
    List<AgentRelease> list(Viewer viewer) {
        return releases.list(viewer);
    }

    /** The header that carries the signed manifest (base64) when the jar is the raw body. */
    static final String MANIFEST_HEADER = "Steward-Release-Manifest";

    // Like the logo upload, the raw body comes first and the parts are read from the request: an operation that only
    // takes a declared multipart schema makes the generated Java client (api-client-test) need Apache's httpmime.
    @PostMapping(consumes = {"application/java-archive", MediaType.MULTIPART_FORM_DATA_VALUE})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload an agent release: the jar as the body (application/java-archive) with the signed manifest "
            + "(steward-agent.jar.release from steward-release sign) base64-encoded in the header " + MANIFEST_HEADER + ", or multipart with "
            + "the parts 'jar' and 'manifest'; 400 unless the manifest is signed by the configured release key and matches the jar, "
            + "409 for a version uploaded already",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/java-archive"),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "multipart/form-data")}))
    AgentRelease upload(Viewer viewer, jakarta.servlet.http.HttpServletRequest request) throws IOException {
        if (request instanceof org.springframework.web.multipart.MultipartHttpServletRequest multipart) {
            return releases.upload(viewer, text(multipart.getFile("manifest")), bytes(multipart.getFile("jar")));
        }
        String header = request.getHeader(MANIFEST_HEADER);
        String manifest;
        try {
            manifest = header == null ? null : new String(java.util.Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            manifest = null;
        }
        if (manifest == null || manifest.length() > 4096) {
            throw new InvalidInputException("manifest", "Send the signed manifest base64-encoded in the header " + MANIFEST_HEADER + ".");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] jar = in.readNBytes(MAX_RAW_JAR + 1);
            if (jar.length > MAX_RAW_JAR) {
                throw new InvalidInputException("jar", "The jar is larger than " + MAX_RAW_JAR / 1024 / 1024 + " MB.");
            }
            return releases.upload(viewer, manifest, jar);
        }
    }

    private static final int MAX_RAW_JAR = 64 * 1024 * 1024;

    @PostMapping("/{releaseId}/rollout")
    @Operation(summary = "Start (or, after a stop, resume) the rollout: the pilot groups' devices are offered the release now, every device "
            + "after generalAfterDays; it stops by itself when more than stopPercent % (default 20) of the devices offered it rolled it back")
    AgentRelease rollout(Viewer viewer, @PathVariable UUID releaseId, @RequestBody RolloutRequest request) {
        if (request == null || request.generalAfterDays() == null) {
            throw new InvalidInputException("generalAfterDays", "Say after how many days every device gets it (0: at once).");
        }
        return releases.startRollout(viewer, releaseId, request.pilotGroupIds(), request.generalAfterDays(), request.stopPercent());
    }

    static byte[] bytes(MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new InvalidInputException("jar", "Choose the agent jar.");
        }
        try (InputStream in = file.getInputStream()) {
            return in.readAllBytes();
        }
    }

    static String text(MultipartFile file) throws IOException {
        if (file == null || file.isEmpty() || file.getSize() > 4096) {
            throw new InvalidInputException("manifest", "Choose the signed manifest (steward-agent.jar.release).");
        }
        return new String(file.getBytes(), StandardCharsets.UTF_8);
    }
}
