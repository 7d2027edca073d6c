package io.steward.signer.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.steward.signer.Refusal;

/**
 * The signer's own limits, set only on its host: the largest target set one task may have, and how many devices it
 * signs orders for in any sliding hour. A stolen server can then reach at most that many devices per hour, even
 * within a standard change.
 */
public final class SigningLimits {
    public static final Duration WINDOW = Duration.ofHours(1);

    private final int maxDevicesPerTask;
    private final int maxDevicesPerHour;

    public SigningLimits(int maxDevicesPerTask, int maxDevicesPerHour) {
        this.maxDevicesPerTask = maxDevicesPerTask;
        this.maxDevicesPerHour = maxDevicesPerHour;
    }

    /** One signing in the window: when and for how many devices. */
    public record Signing(Instant at, int devices) {
    }

    /** The window's signings with this one added; {@link Refusal} when it would break a limit. */
    public List<Signing> admit(int devices, List<Signing> window, Instant now) {
        if (devices < 1) {
            throw new Refusal("the task has no devices");
        }
        if (devices > maxDevicesPerTask) {
            throw new Refusal("the task has " + devices + " devices; the signer signs at most " + maxDevicesPerTask + " per task");
        }
        List<Signing> recent = recent(window, now);
        int used = recent.stream().mapToInt(Signing::devices).sum();
        if (used + devices > maxDevicesPerHour) {
            throw new Refusal("the signer's limit of " + maxDevicesPerHour + " devices per hour would be passed (" + used + " signed in the last hour)");
        }
        List<Signing> next = new ArrayList<>(recent);
        next.add(new Signing(now, devices));
        return next;
    }

    /** Devices signed in the hour before {@code now}. */
    public static int signedInLastHour(List<Signing> window, Instant now) {
        return recent(window, now).stream().mapToInt(Signing::devices).sum();
    }

    private static List<Signing> recent(List<Signing> window, Instant now) {
        Instant from = now.minus(WINDOW);
        return window.stream().filter(s -> s.at().isAfter(from) && !s.at().isAfter(now)).toList();
    }

    public int maxDevicesPerTask() {
        return maxDevicesPerTask;
    }

    public int maxDevicesPerHour() {
        return maxDevicesPerHour;
    }
}
