package io.steward.server.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.steward.server.devices.internal.AgentFiles;
import io.steward.server.platform.TlsIdentity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The lines a technician copies to install the agent on a device: the server's address (the
 * configured public one, else the host the technician's browser used, and the page says which),
 * the downloads Steward serves with their SHA-256, enrollment with the token and the pinned
 * certificate fingerprint, and the systemd service; plus the Windows steps.
 */
@Service
public class AgentInstall {
    /** Which Java the agent jar needs when no agent package is built. */
    public static final String JAVA = "Java 21 (21.0.4 or newer for the launcher's JVM flags) as /usr/bin/java: "
            + "on Debian 13 and Ubuntu 24.04 `sudo apt-get install -y openjdk-21-jre-headless`, elsewhere e.g. Eclipse Temurin 21. "
            + "The agent's .deb and .rpm bring their own runtime: build them with agent/packaging/build-packages.sh.";
    /** Which Java the agent needs when the packages are served. */
    public static final String JAVA_PACKAGED = "None on Linux: the .deb and .rpm bring their own Java runtime (under /opt/steward-agent). "
            + "Windows needs a Java 21 runtime for the jar.";
    static final String TOKEN_PLACEHOLDER = "<TOKEN>";
    /** Host names and IP literals only: the address goes into shell lines. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]{2,45}\\]");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-.~+/=]{1,200}");

    private final DevicesProperties properties;
    private final TlsIdentity tls;
    private final AgentFiles files;
    private final ObjectProvider<TaskSignerKey> signerKey;
    private final ObjectProvider<AgentReleases> releases;

    public AgentInstall(DevicesProperties properties, TlsIdentity tls, AgentFiles files, ObjectProvider<TaskSignerKey> signerKey,
                        ObjectProvider<AgentReleases> releases) {
        this.releases = releases;
        this.signerKey = signerKey;
        this.properties = properties;
        this.tls = tls;
        this.files = files;
    }

    /**
     * How to install the agent.
     *
     * @param serverUrl           the address agents enroll with and download from
     * @param publicUrlConfigured whether it is the configured public address (else the host the request came to)
     * @param addressNote         where the address comes from, in words
     * @param fingerprint         SHA-256 of the server's HTTPS certificate, which the agent pins
     * @param javaRequirement     which Java the agent needs
     * @param downloads           the files Steward serves, with their digests (the jar is absent until it is built)
     * @param missing             what to do when the agent jar is not built, or null
     * @param linux               shell lines for a systemd Linux machine, to paste as they are
     * @param windows             PowerShell lines and notes for Windows
     * @param signerFingerprint   fingerprint of the task signer's key, which enrollment checks and the agent pins; null
     *                            when the server does not know the signer right now
     */
    public record Instructions(String serverUrl, boolean publicUrlConfigured, String addressNote, String fingerprint, String javaRequirement,
                               List<AgentDownload> downloads, String missing, String linux, String windows, String signerFingerprint) {
    }

    /** The files Steward serves for the agent; empty for any other name or a jar not built yet. */
    public Optional<AgentDownload> download(String name) {
        return files.describe(name);
    }

    /** The file's content (the caller closes it); empty as for {@link #download}. */
    public Optional<java.io.InputStream> open(String name) {
        return files.open(name);
    }

    /**
     * The install lines.
     *
     * @param requestHost the host name the request came to, used only when no public address is set
     * @param token       the enrollment token's secret, or null for a {@code <TOKEN>} placeholder (secrets are shown once)
     */
    public Instructions instructions(String requestHost, String token) {
        String configured = properties.publicBaseUrl();
        String host = requestHost == null ? "" : requestHost.strip();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        if (!HOST.matcher(host).matches()) {
            host = "steward.example.com";
        }
        int port = tls.port() > 0 ? tls.port() : 8443;
        String server = configured != null ? configured : "https://" + host + (port == 443 ? "" : ":" + port);
        String note;
        if (configured != null) {
            note = "Agents reach this server at " + configured + " (setting steward.devices.public-url).";
        } else {
            note = "No public address is set (steward.devices.public-url, environment STEWARD_DEVICES_PUBLIC_URL): these lines use the "
                    + "address your browser used, " + server + " (the HTTPS port for agents). Set the public address so that devices on "
                    + "other networks reach the server.";
            if (loopback(host)) {
                note += " " + host + " is a loopback address: it works only on this machine.";
            }
        }
        String secret = token != null && TOKEN.matcher(token).matches() ? token : TOKEN_PLACEHOLDER;
        List<AgentDownload> downloads = new ArrayList<>();
        for (String name : AgentFiles.PACKAGES) {
            files.describe(name).ifPresent(downloads::add);
        }
        boolean packaged = !downloads.isEmpty();
        for (String name : AgentFiles.NAMES) {
            files.describe(name).ifPresent(downloads::add);
        }
        String missing = downloads.stream().anyMatch(d -> d.name().equals(AgentFiles.JAR)) ? null
                : "The agent jar is not built on this server (expected at " + files.jarPath() + "). Build it with `bin/test -q -pl protocol,agent` "
                  + "(or `mvn -B -DskipTests package`), or point steward.devices.agent-jar (STEWARD_DEVICES_AGENT_JAR) at it.";
        String signer = signerFingerprint();
        String enrollFlags = signer == null ? "" : " --signer-fingerprint " + signer;
        // The release key (base64: letters, digits, + / =, safe in a shell word) that agent updates must be signed with.
        enrollFlags += releases.stream().findFirst().flatMap(AgentReleases::releaseKey).map(k -> " --release-key " + k).orElse("");
        String linux = packaged ? packages(server, secret, downloads, enrollFlags) : linux(server, secret, downloads, enrollFlags);
        return new Instructions(server, configured != null, note, tls.fingerprint(), packaged ? JAVA_PACKAGED : JAVA, List.copyOf(downloads), missing,
                linux, windows(server, secret, downloads, enrollFlags), signer);
    }

    /** The signer key's fingerprint (colon-separated hex, no shell metacharacters), or null when it is not known. */
    private String signerFingerprint() {
        try {
            return signerKey.stream().findFirst().flatMap(TaskSignerKey::publicKey)
                    .map(k -> io.steward.protocol.task.TaskKeys.fingerprint(io.steward.protocol.DeviceKeys.decodePublic(k))).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One line per distribution family to install the package (with its own runtime), then enrollment and the service. */
    private String packages(String server, String token, List<AgentDownload> downloads, String enrollFlags) {
        StringBuilder s = new StringBuilder();
        // -k: the server's certificate is its own (agents pin it); the SHA-256 check is what makes the file trusted.
        for (String name : AgentFiles.PACKAGES) {
            if (downloads.stream().noneMatch(d -> d.name().equals(name))) {
                continue;
            }
            boolean deb = name.equals(AgentFiles.DEB);
            s.append(deb ? "# Debian, Ubuntu (amd64); the package brings its own Java runtime:\n"
                    : "# RHEL, Rocky, Alma, Fedora (x86_64); the package brings its own Java runtime:\n");
            s.append("cd \"$(mktemp -d)\" && curl -fsSk -o ").append(name).append(' ').append(server).append("/downloads/").append(name)
                    .append(" && echo '").append(digest(downloads, name)).append("  ").append(name).append("' | sha256sum -c - && ")
                    .append(deb ? "sudo apt-get install -y ./" : "sudo dnf install -y ./").append(name).append('\n');
        }
        s.append("# Then, on either:\n");
        s.append("sudo -u steward-agent steward-agent enroll --server ").append(server).append(" --token ").append(token)
                .append(" --fingerprint ").append(tls.fingerprint()).append(enrollFlags).append(" --config-dir /etc/steward-agent\n");
        s.append("sudo systemctl enable --now steward-agent\n");
        s.append("sudo -u steward-agent steward-agent status --config-dir /etc/steward-agent\n");
        return s.toString();
    }

    private String linux(String server, String token, List<AgentDownload> downloads, String enrollFlags) {
        StringBuilder s = new StringBuilder();
        s.append("# Needs ").append("Java 21.0.4+ at /usr/bin/java (Debian 13, Ubuntu 24.04: sudo apt-get install -y openjdk-21-jre-headless)\n");
        s.append("sudo useradd --system --home-dir /var/lib/steward-agent --shell /usr/sbin/nologin steward-agent\n");
        s.append("sudo install -d -o steward-agent -g steward-agent -m 0700 /etc/steward-agent /var/lib/steward-agent /var/lib/steward-agent/tmp\n");
        s.append("cd \"$(mktemp -d)\"\n");
        // -k: the server's certificate is its own (agents pin it); the SHA-256 check below is what makes the files trusted.
        for (String name : AgentFiles.NAMES) {
            s.append("curl -fsSk -o ").append(name).append(' ').append(server).append("/downloads/").append(name).append('\n');
        }
        s.append("printf '%s  %s\\n'");
        for (String name : AgentFiles.NAMES) {
            s.append(' ').append(digest(downloads, name)).append(' ').append(name);
        }
        s.append(" | sha256sum -c - && \\\n");
        s.append("sudo install -D -m 0644 steward-agent.jar /opt/steward-agent/steward-agent.jar && \\\n");
        s.append("sudo install -m 0755 steward-agent /opt/steward-agent/steward-agent && \\\n");
        s.append("sudo install -m 0644 steward-agent.service /etc/systemd/system/steward-agent.service\n");
        s.append("sudo -u steward-agent /opt/steward-agent/steward-agent enroll --server ").append(server).append(" --token ").append(token)
                .append(" --fingerprint ").append(tls.fingerprint()).append(enrollFlags).append(" --config-dir /etc/steward-agent\n");
        s.append("sudo systemctl daemon-reload && sudo systemctl enable --now steward-agent\n");
        s.append("sudo -u steward-agent /opt/steward-agent/steward-agent status --config-dir /etc/steward-agent\n");
        return s.toString();
    }

    private String windows(String server, String token, List<AgentDownload> downloads, String enrollFlags) {
        String dir = "C:\\Program Files\\Steward Agent";
        String config = "C:\\ProgramData\\Steward Agent";
        return "# PowerShell as Administrator, with a Java 21 runtime (e.g. Eclipse Temurin 21 JRE) on PATH\n"
                + "New-Item -ItemType Directory -Force \"" + dir + "\", \"" + config + "\" | Out-Null\n"
                + "curl.exe -fsSk -o \"" + dir + "\\steward-agent.jar\" " + server + "/downloads/steward-agent.jar\n"
                + "# must print True:\n"
                + "(Get-FileHash \"" + dir + "\\steward-agent.jar\" -Algorithm SHA256).Hash -eq '" + digest(downloads, AgentFiles.JAR) + "'\n"
                + "java -jar \"" + dir + "\\steward-agent.jar\" enroll --server " + server + " --token " + token + " --fingerprint "
                + tls.fingerprint() + enrollFlags + " --config-dir \"" + config + "\"\n"
                + "icacls \"" + config + "\" /inheritance:r /grant SYSTEM:F /grant Administrators:F\n"
                + "# Run it as a service with NSSM (or WinSW; agent/README.md, \"Windows\", has the small-footprint JVM options):\n"
                + "nssm install StewardAgent java -jar \"" + dir + "\\steward-agent.jar\" run --config-dir \"" + config + "\"\n"
                + "nssm start StewardAgent\n"
                + "# Installed-software inventory is Linux (dpkg) only for now; the rest is collected on Windows too.\n";
    }

    private static String digest(List<AgentDownload> downloads, String name) {
        return downloads.stream().filter(d -> d.name().equals(name)).map(AgentDownload::sha256).findFirst().orElse("not-built-yet");
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]");
    }
}
