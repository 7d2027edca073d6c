package io.steward.server.automation.internal.signer;

import java.util.List;

import io.steward.server.identity.FormTargets;

/**
 * Where the task signer's signing page is, as the signer itself says ({@code status().signingPage()}): pages hand
 * statements to it, the Content-Security-Policy lets forms go there, and people's assertions must carry its origin.
 * Asked again at most once a minute (every 5 s while the signer cannot be reached), so a page view never waits on it twice,
 * and at once after the signer was started again (a restarted child signer's page is on a new port: assertions made
 * for the old origin would be refused).
 */
public final class SigningPageAddress implements FormTargets, io.steward.server.automation.SigningPage {
    private static final long FRESH_NANOS = 60_000_000_000L;
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final SignerGateway signer;
    private final java.util.function.Supplier<Object> generation;
    private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();
    private volatile Known known = new Known("", "", Long.MIN_VALUE, null);

    private record Known(String url, String origin, long until, Object from) {
    }

    /** @param generation what identifies the signer's current start (null when that cannot be told: a remote signer) */
    public SigningPageAddress(SignerGateway signer, java.util.function.Supplier<Object> generation) {
        this.signer = signer;
        this.generation = generation;
    }

    @Override
    public String url() {
        return current().url();
    }

    @Override
    public String origin() {
        return current().origin();
    }

    @Override
    public List<String> origins() {
        String origin = origin();
        return origin.isEmpty() ? List.of() : List.of(origin);
    }

    /*
     * Every response's Content-Security-Policy asks for the origin, so one caller refreshes while the others keep the
     * address they have; a signer that cannot answer, or answers without a page, leaves it as it was.
     */
    private Known current() {
        Known k = known;
        long now = System.nanoTime();
        Object from = generation.get();
        if (k.until() != Long.MIN_VALUE && now - k.until() < 0 && from == k.from() || !refreshing.tryLock()) {
            return k;
        }
        try {
            var status = signer.status();
            String page = status.signingPage();
            k = page == null || page.isBlank() ? new Known(k.url(), k.origin(), now + RETRY_NANOS, from)
                    : new Known(page, status.signingOrigin(), now + FRESH_NANOS, from);
        } catch (RuntimeException e) {
            k = new Known(k.url(), k.origin(), now + RETRY_NANOS, from);
        } finally {
            refreshing.unlock();
        }
        known = k;
        return k;
    }
}
