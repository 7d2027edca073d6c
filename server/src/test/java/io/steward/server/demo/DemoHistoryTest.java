package io.steward.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's history and live agents on today's date (a context of its own; the shared integration context runs the demo without them),
 * with the built agent and signer jars: its one real agent, a child process on this machine, runs the standard script.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"steward.demo.enabled=true", "steward.demo.history=true", "steward.demo.live-agents=2", "steward.demo.agent-interval=1s",
                "steward.tls-port=0", "logging.file.name=target/test-logs/demo-history.log",
                "steward.devices.agent-jar=../agent/target/steward-agent.jar", "steward.automation.signer.jar=../signer/target/steward-signer.jar"})
class DemoHistoryTest extends DemoHistoryChecks {
    static final Path HOME = newHome("steward-demo-history-");

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        registry.add("steward.home", HOME::toString);
    }

    @Override
    Path home() {
        return HOME;
    }

    /** At start-up the demo ran its read-only standard script on the real agent: within a bounded wait it SUCCEEDED with df's output. */
    @Test
    void theRealDemoAgentRanTheStandardScript() throws Exception {
        Http api = new Http("http://localhost:" + port).bearer(DemoLogins.read(HOME.resolve("demo-credentials.txt")).adminApiToken());
        JsonMapper json = JsonMapper.builder().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            JsonNode tasks = json.readTree(api.getJson("/api/v1/tasks").body());
            JsonNode task = StreamSupport.stream(tasks.spliterator(), false).filter(t -> t.get("scriptName").asString().equals("Disk usage report"))
                    .findFirst().orElse(null);
            if (task != null) {
                JsonNode detail = json.readTree(api.getJson("/api/v1/tasks/" + task.get("id").asString()).body());
                run = detail.get("runs").get(0);
                if ("SUCCEEDED".equals(run.get("state").asString()) || run.get("finishedAt") != null && !run.get("finishedAt").isNull()) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        assertThat(run).as("a run of the demo's standard script").isNotNull();
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("exitCode").asInt()).isZero();
        assertThat(run.get("stdoutTail").asString()).contains("Filesystem");
        assertThat(run.get("signed").asBoolean()).isTrue();
        assertThat(home().resolve(DemoTaskAgent.DIR).resolve("agent.properties")).exists();
    }
}
