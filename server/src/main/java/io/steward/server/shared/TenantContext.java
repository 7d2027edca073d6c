package io.steward.server.shared;

import java.util.function.Supplier;

/**
 * The tenant scope of the current thread, read when a database connection is handed out to set
 * row-level security. It is set from the authenticated user for each request and defaults to
 * {@link TenantScope#none()}: code that forgets to set it sees no tenant rows rather than all.
 */
public final class TenantContext {
    private static final ThreadLocal<TenantScope> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static TenantScope current() {
        TenantScope scope = CURRENT.get();
        return scope == null ? TenantScope.none() : scope;
    }

    public static <T> T callAs(TenantScope scope, Supplier<T> work) {
        try (Entered ignored = enter(scope)) {
            return work.get();
        }
    }

    /** Sets the scope until the returned handle is closed, which restores the previous one. */
    public static Entered enter(TenantScope scope) {
        TenantScope previous = CURRENT.get();
        CURRENT.set(scope);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** A scope in force; closing it restores the one before. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    public static void runAs(TenantScope scope, Runnable work) {
        callAs(scope, () -> {
            work.run();
            return null;
        });
    }

    /** For system work that is not on behalf of a user: start-up, seeding, login look-ups. */
    public static <T> T callAsSystem(Supplier<T> work) {
        return callAs(TenantScope.all(), work);
    }

    public static void runAsSystem(Runnable work) {
        runAs(TenantScope.all(), work);
    }
}
