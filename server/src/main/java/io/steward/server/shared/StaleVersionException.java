package io.steward.server.shared;

/** An update carried a version that is no longer current: 412, and nothing is written. */
public class StaleVersionException extends RuntimeException {
    private final int currentVersion;

    public StaleVersionException(int currentVersion) {
        super("This item was changed by someone else (now at version " + currentVersion + "). Reload and apply your change again.");
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
