package io.steward.server.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.steward.agent.StewardAgent;
import io.steward.agent.config.AgentConfig;
import picocli.CommandLine;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrolls the real agent as an operator would, with its own {@code enroll} command and an auto-approving token of the
 * client, into {@code configDir}. With {@code interpreters} it takes standard-change tasks for them and pins the signer
 * key the signer's page shows (by its fingerprint), as the end-to-end tests of signed tasks need.
 */
public final class RealAgentEnrollment {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealAgentEnrollment() {
    }

    public static AgentConfig enroll(Http api, int port, String client, Path configDir, String... interpreters) throws Exception {
        HttpResponse<String> token = api.json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"end to end\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        Files.createDirectories(configDir);
        List<String> args = new ArrayList<>(List.of("enroll", "--server", "http://localhost:" + port, "--token", jsonString(token.body(), "token"),
                "--config-dir", configDir.toString()));
        if (interpreters.length > 0) {
            String fingerprint = JSON.readTree(api.getJson("/api/v1/automation/signer").body()).path("status").path("fingerprint").asString();
            assertThat(fingerprint).as("the signer's key").isNotBlank();
            args.addAll(List.of("--tasks", "standard", "--interpreters", String.join(",", interpreters), "--signer-fingerprint", fingerprint));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine enroll = new CommandLine(new StewardAgent());
        enroll.setOut(new PrintWriter(out, true));
        enroll.setErr(new PrintWriter(out, true));
        assertThat(enroll.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
        return AgentConfig.load(configDir);
    }
}
