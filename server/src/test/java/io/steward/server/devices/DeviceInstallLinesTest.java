package io.steward.server.devices;

import java.nio.file.Files;
import java.nio.file.Path;

import io.steward.server.devices.internal.AgentFiles;
import io.steward.server.platform.TlsIdentity;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The install lines with a public address configured, with a jar not built, and the address setting's validation. */
class DeviceInstallLinesTest {
    private static final String FINGERPRINT = "ab".repeat(32);
    private static final TlsIdentity TLS = new TlsIdentity() {
        @Override
        public String fingerprint() {
            return FINGERPRINT;
        }

        @Override
        public int port() {
            return 8443;
        }
    };

    @TempDir
    Path dir;

    private static DevicesProperties settings(String publicUrl, Path jar) {
        return new DevicesProperties(30, 5, 30, publicUrl, jar.toString(), jar.resolveSibling("packages").toString());
    }

    private static AgentInstall install(DevicesProperties p) {
        return new AgentInstall(p, TLS, new AgentFiles(p), new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(TaskSignerKey.class), new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(AgentReleases.class));
    }

    /** When the server knows the task signer, enrollment checks its fingerprint, and the install lines carry it. */
    @Test
    void theSignerFingerprintIsPartOfTheEnrollLineWhenKnown() throws Exception {
        java.security.KeyPair signer = io.steward.protocol.DeviceKeys.generate();
        String key = io.steward.protocol.DeviceKeys.encodePublic(signer.getPublic());
        DevicesProperties p = settings("https://rmm.example.net", dir.resolve("steward-agent.jar"));
        org.springframework.beans.factory.support.StaticListableBeanFactory beans = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        beans.addBean("signerKey", (TaskSignerKey) () -> java.util.Optional.of(key));
        AgentInstall.Instructions i = new AgentInstall(p, TLS, new AgentFiles(p), beans.getBeanProvider(TaskSignerKey.class),
                beans.getBeanProvider(AgentReleases.class)).instructions(null, null);
        String fp = io.steward.protocol.task.TaskKeys.fingerprint(signer.getPublic());
        assertThat(i.signerFingerprint()).isEqualTo(fp);
        assertThat(i.linux()).contains("--signer-fingerprint " + fp + " --config-dir /etc/steward-agent");
        assertThat(i.windows()).contains("--signer-fingerprint " + fp);
        assertThat(install(p).instructions(null, null).linux()).doesNotContain("--signer-fingerprint");
    }

    @Test
    void aConfiguredPublicAddressIsUsedWhateverHostTheBrowserUsed() throws Exception {
        Path jar = dir.resolve("steward-agent.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        AgentInstall.Instructions i = install(settings("https://rmm.example.net:9443/", jar)).instructions("127.0.0.1", "ste_abc-DEF_123");
        assertThat(i.serverUrl()).isEqualTo("https://rmm.example.net:9443");
        assertThat(i.publicUrlConfigured()).isTrue();
        assertThat(i.addressNote()).contains("https://rmm.example.net:9443");
        // SHA-256 of the bytes 1, 2, 3.
        String digest = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
        assertThat(i.downloads()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("steward-agent.jar");
            assertThat(d.sha256()).isEqualTo(digest);
            assertThat(d.bytes()).isEqualTo(3);
        });
        assertThat(i.missing()).isNull();
        assertThat(i.linux()).contains("https://rmm.example.net:9443/downloads/steward-agent.jar", digest + " steward-agent.jar",
                "--server https://rmm.example.net:9443 --token ste_abc-DEF_123 --fingerprint " + FINGERPRINT).doesNotContain("127.0.0.1");
    }

    /** Built .deb/.rpm beside the jar: the lines install them (newest build, checked by digest), and no Java is asked for. */
    @Test
    void builtPackagesAreServedAndTheLinuxLinesInstallThem() throws Exception {
        Path jar = Files.write(dir.resolve("steward-agent.jar"), new byte[] {1, 2, 3});
        Path packages = Files.createDirectory(dir.resolve("packages"));
        Path old = Files.write(packages.resolve("steward-agent_0.0.9_amd64.deb"), new byte[] {9});
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        Files.write(packages.resolve("steward-agent_0.1.0_amd64.deb"), new byte[] {1, 2, 3});
        Files.write(packages.resolve("steward-agent-0.1.0-1.x86_64.rpm"), new byte[] {1, 2, 3, 4});
        Files.write(packages.resolve("unrelated.deb"), new byte[] {7});
        AgentInstall.Instructions i = install(settings("https://rmm.example.net", jar)).instructions(null, "ste_tok");
        String debDigest = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81";
        assertThat(i.downloads()).extracting(AgentDownload::name)
                .containsExactly("steward-agent_amd64.deb", "steward-agent.x86_64.rpm", "steward-agent.jar", "steward-agent", "steward-agent.service");
        assertThat(i.downloads().getFirst().sha256()).isEqualTo(debDigest);
        assertThat(i.downloads().get(1).bytes()).isEqualTo(4);
        assertThat(i.javaRequirement()).startsWith("None on Linux");
        assertThat(i.linux())
                .contains("curl -fsSk -o steward-agent_amd64.deb https://rmm.example.net/downloads/steward-agent_amd64.deb && echo '"
                        + debDigest + "  steward-agent_amd64.deb' | sha256sum -c - && sudo apt-get install -y ./steward-agent_amd64.deb\n")
                .contains("https://rmm.example.net/downloads/steward-agent.x86_64.rpm", "sudo dnf install -y ./steward-agent.x86_64.rpm")
                .contains("sudo -u steward-agent steward-agent enroll --server https://rmm.example.net --token ste_tok --fingerprint " + FINGERPRINT)
                .contains("sudo systemctl enable --now steward-agent")
                .doesNotContain("/usr/bin/java", "useradd");
        try (java.io.InputStream in = new AgentFiles(settings(null, jar)).open("steward-agent.x86_64.rpm").orElseThrow()) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4);
        }
        assertThat(new AgentFiles(settings(null, jar)).open("unrelated.deb")).isEmpty();
    }

    @Test
    void aJarNotBuiltIsSaidWithHowToBuildIt() {
        AgentInstall.Instructions i = install(settings(null, dir.resolve("nothing-here.jar"))).instructions("steward.lan", null);
        assertThat(i.serverUrl()).isEqualTo("https://steward.lan:8443");
        assertThat(i.publicUrlConfigured()).isFalse();
        assertThat(i.addressNote()).contains("No public address is set").doesNotContain("loopback");
        assertThat(i.missing()).contains("not built", "bin/test -q -pl protocol,agent", "steward.devices.agent-jar");
        assertThat(i.downloads()).extracting(AgentDownload::name).containsExactly("steward-agent", "steward-agent.service");
        assertThat(i.linux()).contains("--token <TOKEN>", "not-built-yet steward-agent.jar");
    }

    @Test
    void aHostHeaderOrTokenThatCouldBreakTheShellLinesIsNotUsed() {
        AgentInstall.Instructions i = install(settings("", dir.resolve("x.jar"))).instructions("evil.com;rm -rf /", "x; rm -rf ~");
        assertThat(i.serverUrl()).isEqualTo("https://steward.example.com:8443");
        assertThat(i.linux()).doesNotContain("rm -rf").contains("--token <TOKEN>");
        assertThat(install(settings(null, dir.resolve("x.jar"))).instructions("::1", null).serverUrl()).isEqualTo("https://[::1]:8443");
    }

    @Test
    void thePublicAddressMustBeAnHttpsOrigin() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator v = factory.getValidator();
            for (String ok : new String[] {"https://steward.example.com", "https://steward.example.com:8443", "https://10.0.0.5:8443/",
                    "https://[2001:db8::1]:8443", ""}) {
                assertThat(v.validate(settings(ok, dir))).as(ok).isEmpty();
            }
            for (String bad : new String[] {"http://steward.example.com", "https://steward.example.com/steward", "steward.example.com",
                    "https://user@steward.example.com", "https://a.example.com:8443?x=1", "https://$(id).example.com"}) {
                assertThat(v.validate(settings(bad, dir))).as(bad).isNotEmpty();
            }
        }
    }
}
