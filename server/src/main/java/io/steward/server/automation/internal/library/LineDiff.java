package io.steward.server.automation.internal.library;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.steward.server.automation.ScriptDiff;

/** The line diff of two script bodies (Myers' algorithm, java-diff-utils), every line kept so a page can show it whole. */
public final class LineDiff {
    private LineDiff() {
    }

    public static List<ScriptDiff.Line> between(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<ScriptDiff.Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int sourceAt = d.getSource().getPosition();
            while (i < sourceAt) {
                out.add(new ScriptDiff.Line(ScriptDiff.Change.SAME, i + 1, j + 1, a.get(i)));
                i++;
                j++;
            }
            for (String removed : d.getSource().getLines()) {
                out.add(new ScriptDiff.Line(ScriptDiff.Change.REMOVED, i + 1, null, removed));
                i++;
            }
            for (String added : d.getTarget().getLines()) {
                out.add(new ScriptDiff.Line(ScriptDiff.Change.ADDED, null, j + 1, added));
                j++;
            }
        }
        while (i < a.size()) {
            out.add(new ScriptDiff.Line(ScriptDiff.Change.SAME, i + 1, j + 1, a.get(i)));
            i++;
            j++;
        }
        return out;
    }

    static List<String> lines(String body) {
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(body.split("\r?\n", -1)));
        if (lines.size() > 1 && lines.getLast().isEmpty()) {
            lines.removeLast(); // the newline that ends the last line starts no line of its own
        }
        return lines;
    }
}
