package io.steward.server.patching;

/**
 * Patch compliance of a set of devices: the share of scanned devices that have no security update older than the
 * policy's deadline. Devices never scanned are counted apart ({@code unscanned}), neither compliant nor not: nobody
 * knows, and the views list them as "not scanned".
 *
 * @param percent null when no device was scanned (nothing to measure), else 0 to 100 rounded down, so 100 means all
 */
public record Compliance(int compliant, int scanned, int unscanned, Integer percent) {

    public static Compliance of(int compliant, int scanned, int unscanned) {
        if (compliant < 0 || scanned < compliant || unscanned < 0) {
            throw new IllegalArgumentException("0 <= compliant <= scanned, unscanned >= 0");
        }
        return new Compliance(compliant, scanned, unscanned, scanned == 0 ? null : (int) (100L * compliant / scanned));
    }
}
