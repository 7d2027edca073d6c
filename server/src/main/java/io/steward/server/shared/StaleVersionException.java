package io.steward.server.shared;

/** An update carried a version that is no longer current: 412, and nothing is written. */
public class StaleVersionException extends RuntimeException {
    private final int currentVersion;
    private final transient Object current;

    public StaleVersionException(int currentVersion) {
        this(currentVersion, null);
    }

    /** @param current the item as it is now, returned to the caller so their copy can be refreshed without another read */
    public StaleVersionException(int currentVersion, Object current) {
        super("This item was changed by someone else (now at version " + currentVersion + "). Reload and apply your change again.");
        this.currentVersion = currentVersion;
        this.current = current;
    }

    /** The item as it is now, or null. */
    public Object current() {
        return current;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
