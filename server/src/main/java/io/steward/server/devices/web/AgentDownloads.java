package io.steward.server.devices.web;

import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;

import io.steward.server.devices.AgentDownload;
import io.steward.server.devices.AgentInstall;
import io.steward.server.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent's files for devices being installed: the jar, the launcher, the systemd unit and the
 * .deb and .rpm packages when built. Served without a session (the security rules permit exactly these paths): they are the public
 * agent software, and the enrollment token, not the download, is what lets a device in.
 */
@RestController
class AgentDownloads {
    private final AgentInstall install;
    private final io.steward.server.devices.AgentReleases releases;

    AgentDownloads(AgentInstall install, io.steward.server.devices.AgentReleases releases) {
        this.install = install;
        this.releases = releases;
    }

    /** A rolling-out agent release's jar, for devices updating themselves; they check it against the signed manifest. */
    @GetMapping(io.steward.server.devices.AgentReleases.DOWNLOAD_PATH)
    ResponseEntity<byte[]> release(@org.springframework.web.bind.annotation.RequestParam String version) {
        byte[] jar = releases.jar(version).orElseThrow(() -> new NotFoundException("No such agent release is rolling out."));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/java-archive"))
                .header("Content-Disposition", ContentDisposition.attachment().filename("steward-agent-" + version + ".jar").build().toString())
                .cacheControl(CacheControl.noCache())
                .body(jar);
    }

    // Fixed paths, no path variable: a device being installed has no viewer for the path id guard, and
    // nothing the caller writes is looked up.
    @GetMapping({"/downloads/steward-agent.jar", "/downloads/steward-agent", "/downloads/steward-agent.service",
            "/downloads/steward-agent_amd64.deb", "/downloads/steward-agent.x86_64.rpm"})
    ResponseEntity<InputStreamResource> download(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        AgentDownload file = install.download(name).orElseThrow(() -> new NotFoundException(
                "steward-agent.jar".equals(name) ? "The agent jar is not built on this server; the enrollment page says how to build it." : "No such download."));
        InputStream content = install.open(name).orElseThrow(() -> new NotFoundException("No such download."));
        MediaType type = name.endsWith(".jar") ? MediaType.parseMediaType("application/java-archive")
                : name.endsWith(".deb") ? MediaType.parseMediaType("application/vnd.debian.binary-package")
                : name.endsWith(".rpm") ? MediaType.parseMediaType("application/x-rpm") : MediaType.TEXT_PLAIN;
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(file.bytes())
                .header("Content-Disposition", ContentDisposition.attachment().filename(file.name()).build().toString())
                // RFC 9530: the digest of what is sent, as the page shows it in hex.
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.sha256())) + ":")
                .eTag("\"" + file.sha256() + "\"")
                .cacheControl(CacheControl.noCache())
                .body(new InputStreamResource(content));
    }
}
