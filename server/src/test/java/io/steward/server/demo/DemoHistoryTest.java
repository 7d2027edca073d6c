package io.steward.server.demo;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo's history and live agents on today's date (a context of its own; the shared integration context runs the demo without them). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"steward.demo.enabled=true", "steward.demo.history=true", "steward.demo.live-agents=2", "steward.demo.agent-interval=1s",
                "steward.tls-port=0", "logging.file.name=target/test-logs/demo-history.log"})
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
}
