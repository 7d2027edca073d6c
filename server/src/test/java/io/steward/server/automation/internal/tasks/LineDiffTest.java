package io.steward.server.automation.internal.tasks;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    @Test
    void keptAddedAndRemovedLinesInOrder() {
        assertThat(LineDiff.diff("a\nb\nc", "a\nx\nc\nd")).containsExactly("  a", "- b", "+ x", "  c", "+ d");
    }

    @Test
    void noEarlierVersionShowsTheWholeBodyAsAdded() {
        assertThat(LineDiff.diff("", "echo 1\necho 2")).containsExactly("+ echo 1", "+ echo 2");
        assertThat(LineDiff.diff("same", "same")).containsExactly("  same");
    }
}
