package io.steward.server.reporting.dashboard;

/**
 * Device counts in scope. Online and offline split the approved devices by the registry's rule (heard from within
 * three heartbeats); alerting counts approved devices with at least one open alert, whichever their state.
 */
public record DeviceHealth(long approved, long online, long offline, long alerting, long pending) {
}
