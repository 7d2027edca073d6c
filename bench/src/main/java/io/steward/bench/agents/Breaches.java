package io.steward.bench.agents;

/**
 * How often an alertable series starts to breach so that, in the steady state, a fraction
 * {@code p} of all values sent is breaching. A breach lasts {@code length} batches and then the
 * series returns to a healthy value, so alerts open and then clear (and with them their
 * incidents). Only alertable series breach; if there are too few of them for {@code p}, at most
 * 90 % of their values breach.
 *
 * <p>With a share {@code f} of alertable values to keep breaching and breaches of {@code L}
 * batches, a healthy series must start one with probability {@code q = f / (L (1 - f))} per batch:
 * the series then spends {@code qL / (1 + qL) = f} of its batches breaching.
 */
record Breaches(double startProbability, int length) {

    static Breaches none() {
        return new Breaches(0, 1);
    }

    static Breaches forShare(double p, int metrics, int alertable, int length) {
        if (p <= 0 || alertable == 0) {
            return none();
        }
        double f = Math.min(0.9, p * metrics / alertable);
        return new Breaches(f / (length * (1 - f)), length);
    }
}
