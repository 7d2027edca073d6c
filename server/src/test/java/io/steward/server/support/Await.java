package io.steward.server.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded waits for what another thread or process brings about: the probe is asked until it has an answer or the time is up. */
public final class Await {
    private Await() {
    }

    /** The probe's first answer, asked every 200 ms; fails naming {@code what} when none came {@code within}. */
    public static <T> T until(String what, Duration within, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Optional<T> got = probe.get();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = probe.get();
        }
        assertThat(got).as(what).isPresent();
        return got.get();
    }
}
