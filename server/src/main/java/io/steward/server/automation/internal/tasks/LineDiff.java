package io.steward.server.automation.internal.tasks;

import java.util.List;

import io.steward.server.automation.ScriptDiff;

/**
 * The approver's view of a script's change as text: the library's line diff, every line prefixed "+ " (added), "- "
 * (removed) or "  " (kept).
 */
public final class LineDiff {
    private LineDiff() {
    }

    public static List<String> diff(String before, String after) {
        return io.steward.server.automation.internal.library.LineDiff.between(before, after).stream()
                .map(l -> (l.change() == ScriptDiff.Change.ADDED ? "+ " : l.change() == ScriptDiff.Change.REMOVED ? "- " : "  ") + l.text())
                .toList();
    }
}
