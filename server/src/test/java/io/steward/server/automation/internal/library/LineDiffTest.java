package io.steward.server.automation.internal.library;

import java.util.List;

import io.steward.server.automation.ScriptDiff;
import io.steward.server.automation.ScriptDiff.Change;
import io.steward.server.automation.ScriptDiff.Line;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The line diff between two bodies: every line of both, in order, with its numbers. */
class LineDiffTest {

    @Test
    void aChangedLineIsRemovedThenAdded() {
        List<Line> d = LineDiff.between("#!/bin/sh\necho one\nexit 0\n", "#!/bin/sh\necho two\nexit 0\n");
        assertThat(d).containsExactly(new Line(Change.SAME, 1, 1, "#!/bin/sh"), new Line(Change.REMOVED, 2, null, "echo one"),
                new Line(Change.ADDED, null, 2, "echo two"), new Line(Change.SAME, 3, 3, "exit 0"));
    }

    @Test
    void theFirstVersionIsAllAdded() {
        assertThat(LineDiff.between("", "a\nb")).extracting(Line::change).containsExactly(Change.ADDED, Change.ADDED);
    }

    @Property
    void bothBodiesCanBeReadBackFromTheDiff(@ForAll @Size(max = 8) List<@StringLength(max = 3) String> a,
                                            @ForAll @Size(max = 8) List<@StringLength(max = 3) String> b) {
        String before = String.join("\n", a.stream().map(s -> s.replace("\n", "").replace("\r", "")).toList());
        String after = String.join("\n", b.stream().map(s -> s.replace("\n", "").replace("\r", "")).toList());
        List<Line> d = LineDiff.between(before, after);
        assertThat(d.stream().filter(l -> l.change() != Change.ADDED).map(Line::text).toList()).isEqualTo(LineDiff.lines(before));
        assertThat(d.stream().filter(l -> l.change() != Change.REMOVED).map(Line::text).toList()).isEqualTo(LineDiff.lines(after));
        assertThat(before.equals(after) ? d.stream().allMatch(l -> l.change() == ScriptDiff.Change.SAME) : true).isTrue();
    }
}
