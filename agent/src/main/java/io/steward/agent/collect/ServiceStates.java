package io.steward.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Sample;

/**
 * Whether each watched systemd unit runs: {@code service.active} is 1 when {@code systemctl
 * is-active} says "active" and 0 for anything else (inactive, failed, activating, unknown), with
 * the unit name as configured as instance and unit {@code count}. One {@code systemctl} call per
 * round for all units, as an argument list after {@code --}, so no name can be taken for an
 * option. On machines without systemd nothing is reported and nothing is logged.
 */
public final class ServiceStates implements SampleSource {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ServiceStates.class.getName());

    private final Supplier<List<String>> units;
    private final CommandRunner runner;
    private final BooleanSupplier systemd;

    public ServiceStates(Supplier<List<String>> units, CommandRunner runner, BooleanSupplier systemd) {
        this.units = units;
        this.runner = runner;
        this.systemd = systemd;
    }

    /** The way systemd itself tells whether it is the init system (sd_booted). */
    public static boolean systemdRuns() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<String> watched = units.get();
        if (watched.isEmpty() || !systemd.getAsBoolean()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(watched.size() + 3);
        argv.add("systemctl");
        argv.add("is-active");
        argv.add("--");
        argv.addAll(watched);
        Optional<String> output = runner.run(argv, TIMEOUT);
        if (output.isEmpty()) {
            LOG.fine("systemctl did not answer; no service states this round");
            return List.of();
        }
        List<String> states = output.get().lines().map(String::strip).toList();
        if (states.size() != watched.size()) {
            LOG.warning(() -> "systemctl is-active gave " + states.size() + " lines for " + watched.size() + " units; no service states this round");
            return List.of();
        }
        List<Sample> out = new ArrayList<>(watched.size());
        for (int i = 0; i < watched.size(); i++) {
            out.add(new Sample("service.active", watched.get(i), "active".equals(states.get(i)) ? 1 : 0, "count", atMillis));
        }
        return out;
    }
}
