package io.steward.server.automation.internal.tasks;

import java.time.Instant;
import java.util.UUID;

import io.steward.server.automation.TaskRunFinished;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTicketNotesTest {

    @Test
    void aNoteSaysStateExitCodeDurationReasonAndTheOutputsTail() {
        String tail = "x".repeat(5000) + "THE END";
        TaskRunFinished run = new TaskRunFinished(UUID.randomUUID(), new ClientId(UUID.randomUUID()), new DeviceId(UUID.randomUUID()), "FAILED", 3,
                61_500L, "exit code 3", tail, null, Instant.parse("2026-03-29T01:30:00Z"));
        String note = TaskTicketNotes.note(42, "clean temp", "web-01", run);
        assertThat(note).startsWith("Task #42 (clean temp) on web-01: FAILED, exit code 3, 61.5 s. Reason: exit code 3")
                .endsWith("THE END").contains("…");
        assertThat(note.length()).isLessThan(TaskTicketNotes.TAIL_CHARS + 200);
        TaskRunFinished refused = new TaskRunFinished(UUID.randomUUID(), new ClientId(UUID.randomUUID()), new DeviceId(UUID.randomUUID()), "REFUSED",
                null, null, "signature is not the signer's", null, null, Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(TaskTicketNotes.note(7, "s", "h", refused)).isEqualTo("Task #7 (s) on h: REFUSED. Reason: signature is not the signer's");
    }
}
