package io.steward.server.alerting;

/**
 * Decides, for one value, whether an alert opens, clears or stays as it is. Invariant: the
 * recovery threshold lies on the healthy side of the threshold, so a value between the two never
 * flips the alert either way (hysteresis).
 */
public record AlertCondition(boolean above, double threshold, double recovery) {

    public AlertCondition {
        if (above ? recovery > threshold : recovery < threshold) {
            throw new IllegalArgumentException("the recovery threshold must lie on the healthy side of the threshold");
        }
    }

    public boolean breaches(double value) {
        return above ? value > threshold : value < threshold;
    }

    public boolean recovers(double value) {
        return above ? value < recovery : value > recovery;
    }
}
