package io.steward.agent.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact command line a script runs with: the interpreter, the script file and the order's arguments as separate
 * words, with no shell in between to re-read them. On Linux the whole run starts under {@code setsid}, so it is a
 * process group of its own that a timeout or a cancellation kills entirely, and under {@code runuser} when it runs
 * as another user than the agent's. On Windows PowerShell runs with {@code -NoProfile -NonInteractive} (no profile
 * script of the machine or the user runs first, and nothing can wait for input) and {@code -File}, so the script's
 * path and arguments are never parsed as PowerShell code.
 */
public final class ScriptCommand {
    private ScriptCommand() {
    }

    /** The file name the script is written to: PowerShell runs only {@code .ps1} files with {@code -File}. */
    public static String fileName(String interpreter) {
        return switch (interpreter) {
            case "powershell" -> "script.ps1";
            case "python" -> "script.py";
            default -> "script.sh";
        };
    }

    /**
     * @param windows   whether this is Windows
     * @param setsid    whether to start the run as a process group of its own (Linux, when {@code setsid} exists)
     * @param runAs     the user to run as, or null for the agent's own user
     */
    public static List<String> build(boolean windows, boolean setsid, String interpreter, String scriptPath, List<String> arguments, String runAs) {
        List<String> command = new ArrayList<>();
        if (!windows) {
            if (setsid) {
                command.add("setsid");
            }
            if (runAs != null && !runAs.isEmpty()) {
                command.addAll(List.of("runuser", "-u", runAs, "--"));
            }
        } else if (runAs != null && !runAs.isEmpty()) {
            throw new IllegalArgumentException("running as another user is not supported on Windows");
        }
        switch (interpreter) {
            case "bash" -> command.addAll(List.of("bash", "--noprofile", "--norc", scriptPath));
            case "sh" -> command.addAll(List.of("sh", scriptPath));
            case "python" -> command.addAll(windows ? List.of("python", "-I", "-B", scriptPath) : List.of("python3", "-I", "-B", scriptPath));
            case "powershell" -> command.addAll(List.of(windows ? "powershell.exe" : "pwsh", "-NoProfile", "-NonInteractive",
                    "-ExecutionPolicy", "Bypass", "-File", scriptPath));
            default -> throw new IllegalArgumentException("unknown interpreter " + interpreter);
        }
        command.addAll(arguments);
        return command;
    }
}
