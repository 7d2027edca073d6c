package io.steward.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CanonicalTextFieldsTest {

    @Test
    void readsAnyStatementBackFieldByFieldDecoded() {
        byte[] bytes = CanonicalText.begin("steward-task-v1").add("scriptName", "Clear temp\n<now>").addAll("device", List.of("a", "b")).bytes();
        CanonicalText.Fields f = CanonicalText.fields(bytes);
        assertThat(f.kind()).isEqualTo("steward-task-v1");
        assertThat(f.fields()).containsExactly(Map.entry("scriptName", "Clear temp\n<now>"), Map.entry("deviceCount", "2"),
                Map.entry("device", "a"), Map.entry("device", "b"));
    }

    @Test
    void refusesWhatAWriterWouldNeverProduce() {
        for (String text : List.of("steward-task-v1\nname=a b\n", "steward-task-v1\nname=%2a\n", "steward-task-v1\nname=x", "Steward Task\n",
                "steward-task-v1\nno equals\n", "steward-task-v1\n9key=x\n")) {
            assertThatThrownBy(() -> CanonicalText.fields(text.getBytes(StandardCharsets.UTF_8))).as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CanonicalText.fields(new byte[]{'k', '\n', (byte) 0xff, '\n'})).isInstanceOf(IllegalArgumentException.class);
    }
}
