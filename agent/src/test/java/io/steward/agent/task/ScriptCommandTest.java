package io.steward.agent.task;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptCommandTest {

    @Test
    void windowsPowerShellRunsTheFileWithoutProfileOrPrompts() {
        List<String> cmd = ScriptCommand.build(true, false, "powershell", "C:\\Temp\\steward-task-1\\script.ps1", List.of("-Force; rm x", "$env:X"), null);
        assertThat(cmd).containsExactly("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                "C:\\Temp\\steward-task-1\\script.ps1", "-Force; rm x", "$env:X");
        assertThat(ScriptCommand.fileName("powershell")).isEqualTo("script.ps1");
        assertThatThrownBy(() -> ScriptCommand.build(true, false, "powershell", "s.ps1", List.of(), "admin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linuxRunsInItsOwnProcessGroupAsTheOrdersUserWithArgumentsAsWords() {
        assertThat(ScriptCommand.build(false, true, "bash", "/tmp/d/script.sh", List.of("a b", "$(id)"), null))
                .containsExactly("setsid", "bash", "--noprofile", "--norc", "/tmp/d/script.sh", "a b", "$(id)");
        assertThat(ScriptCommand.build(false, true, "sh", "/tmp/d/script.sh", List.of(), "backup"))
                .containsExactly("setsid", "runuser", "-u", "backup", "--", "sh", "/tmp/d/script.sh");
        assertThat(ScriptCommand.build(false, false, "python", "/tmp/d/script.py", List.of("x"), null))
                .containsExactly("python3", "-I", "-B", "/tmp/d/script.py", "x");
        assertThatThrownBy(() -> ScriptCommand.build(false, true, "perl", "/tmp/x", List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
