package io.steward.server.automation.internal.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) for the approver's view of a script: every line of both texts, prefixed
 * "+ " (added), "- " (removed) or "  " (kept). Scripts are at most 256 KiB; past {@link #MAX_CELLS} table cells it
 * shows the old text removed and the new one added rather than spend the memory.
 */
public final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    public static List<String> diff(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
        List<String> out = new ArrayList<>();
        if ((long) a.length * b.length > MAX_CELLS) {
            for (String line : a) {
                out.add("- " + line);
            }
            for (String line : b) {
                out.add("+ " + line);
            }
            return out;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add("  " + a[i]);
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add("- " + a[i++]);
            } else {
                out.add("+ " + b[j++]);
            }
        }
        while (i < a.length) {
            out.add("- " + a[i++]);
        }
        while (j < b.length) {
            out.add("+ " + b[j++]);
        }
        return out;
    }
}
