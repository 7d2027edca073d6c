package io.steward.server.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same demo started on New Year's night: 00:20 UTC on 1 January is still 31 December in New York and already the
 * morning of 1 January in Sydney, so "last month" is November for one client and December for another, and the history
 * crosses a year end. The server's clock ticks on from that instant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"steward.demo.enabled=true", "steward.demo.history=true", "steward.demo.live-agents=2", "steward.demo.agent-interval=1s",
                "steward.tls-port=0", "logging.file.name=target/test-logs/demo-history-new-year.log"})
class DemoHistoryNewYearTest extends DemoHistoryChecks {
    static final Path HOME = newHome("steward-demo-new-year-");
    static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:20:00Z");

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        registry.add("steward.home", HOME::toString);
    }

    @Override
    Path home() {
        return HOME;
    }

    @org.junit.jupiter.api.Test
    void theServerRunsOnNewYearsNight() {
        org.assertj.core.api.Assertions.assertThat(Duration.between(NEW_YEAR, clock.instant())).isBetween(Duration.ZERO, Duration.ofHours(1));
    }

    @TestConfiguration
    static class NewYearClock {
        @Bean
        @Primary
        Clock newYearClock() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NEW_YEAR));
        }
    }
}
