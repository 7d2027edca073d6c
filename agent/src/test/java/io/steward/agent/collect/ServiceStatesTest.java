package io.steward.agent.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Service states through a fake systemctl. */
class ServiceStatesTest {
    final List<List<String>> calls = new ArrayList<>();

    private CommandRunner answering(String output) {
        return (argv, timeout) -> {
            calls.add(argv);
            return Optional.ofNullable(output);
        };
    }

    @Test
    void asksSystemctlOnceWithAnArgumentListAndReportsActiveAsOne() {
        ServiceStates states = new ServiceStates(() -> List.of("nginx.service", "postgresql", "cron.service"),
                answering("active\nfailed\ninactive\n"), () -> true);
        assertThat(states.collect(5)).containsExactly(new Sample("service.active", "nginx.service", 1, "count", 5),
                new Sample("service.active", "postgresql", 0, "count", 5), new Sample("service.active", "cron.service", 0, "count", 5));
        assertThat(calls).containsExactly(List.of("systemctl", "is-active", "--", "nginx.service", "postgresql", "cron.service"));
    }

    @Test
    void staysQuietWithoutSystemdWithoutServicesOrWithoutAnAnswer() {
        assertThat(new ServiceStates(() -> List.of("nginx"), answering("active\n"), () -> false).collect(1)).isEmpty();
        assertThat(new ServiceStates(List::of, answering("active\n"), () -> true).collect(1)).isEmpty();
        assertThat(calls).isEmpty();
        assertThat(new ServiceStates(() -> List.of("nginx"), answering(null), () -> true).collect(1)).isEmpty();
        // An answer that does not line up with the units asked about is not guessed at.
        assertThat(new ServiceStates(() -> List.of("a", "b"), answering("active\n"), () -> true).collect(1)).isEmpty();
    }

    @Test
    void theRealRunnerRunsAProgramWithoutAShellAndReportsAMissingOneAsNoAnswer() {
        assertThat(CommandRunner.PROCESS.run(List.of("printf", "%s\\n", "a;b", "$(id)"), Duration.ofSeconds(10)))
                .contains("a;b\n$(id)\n");
        assertThat(CommandRunner.PROCESS.run(List.of("/nonexistent/systemctl", "is-active"), Duration.ofSeconds(10))).isEmpty();
    }
}
