package io.steward.server.automation;

import java.util.List;

/**
 * The line diff of a version's body against the version before it (null {@code fromNumber}: the first version, every
 * line added).
 *
 * @param lines every line of both bodies in order, each kept, removed or added, with its line numbers
 */
public record ScriptDiff(Integer fromNumber, String fromSha256, int toNumber, String toSha256, int added, int removed, List<Line> lines) {

    /** What happened to a line. */
    public enum Change { SAME, REMOVED, ADDED }

    /**
     * @param oldNumber the line's number in the previous body (null for an added line)
     * @param newNumber the line's number in this body (null for a removed line)
     */
    public record Line(Change change, Integer oldNumber, Integer newNumber, String text) {
    }
}
