package io.steward.server.automation.internal.signer;

import java.util.List;

import io.steward.server.identity.FormTargets;

/**
 * Where the task signer's signing page is, as the signer itself says ({@code status().signingPage()}): pages hand
 * statements to it, the Content-Security-Policy lets forms go there, and people's assertions must carry its origin.
 * Asked again at most once a minute (every 5 s while the signer cannot be reached), so a page view never waits on it twice.
 */
public final class SigningPageAddress implements FormTargets, io.steward.server.automation.SigningPage {
    private static final long FRESH_NANOS = 60_000_000_000L;
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final SignerGateway signer;
    private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();
    private volatile Known known = new Known("", "", Long.MIN_VALUE);

    private record Known(String url, String origin, long until) {
    }

    public SigningPageAddress(SignerGateway signer) {
        this.signer = signer;
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
        if (k.until() != Long.MIN_VALUE && now - k.until() < 0 || !refreshing.tryLock()) {
            return k;
        }
        try {
            var status = signer.status();
            String page = status.signingPage();
            k = page == null || page.isBlank() ? new Known(k.url(), k.origin(), now + RETRY_NANOS)
                    : new Known(page, status.signingOrigin(), now + FRESH_NANOS);
        } catch (RuntimeException e) {
            k = new Known(k.url(), k.origin(), now + RETRY_NANOS);
        } finally {
            refreshing.unlock();
        }
        known = k;
        return k;
    }
}
