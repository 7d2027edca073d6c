package io.steward.agent.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.steward.agent.patch.Commands;

/**
 * How the checks run the system's read-only tools: an argument list (never a shell), niced, with a timeout and a bound
 * on the output kept (a check needs far less than a patch scan). Tests replace it with captured outputs.
 */
public interface Programs {
    /** The output of a program; exit code -1 when it could not start or was killed. */
    Commands.Output run(List<String> argv);

    /** Whether the program is installed in one of the system's binary directories (the agent's PATH may lack sbin). */
    boolean installed(String program);

    /** The real system: 30 s per program, at most 1 MiB of output kept. */
    Programs SYSTEM = new Programs() {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private static final int MAX_OUTPUT = 1 << 20;
        private static final List<String> DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

        @Override
        public Commands.Output run(List<String> argv) {
            List<String> command = new java.util.ArrayList<>(argv);
            for (String dir : DIRS) {
                Path p = Path.of(dir, argv.get(0));
                if (!argv.get(0).contains("/") && Files.isExecutable(p)) {
                    command.set(0, p.toString());
                    break;
                }
            }
            return new Commands(Map.of()).run(command, TIMEOUT, true, MAX_OUTPUT);
        }

        @Override
        public boolean installed(String program) {
            if (program.endsWith(".exe")) {
                return true;
            }
            for (String dir : DIRS) {
                if (Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            }
            return false;
        }
    };

    /** PowerShell's argument list for a script (Windows PowerShell 5.1 is on every supported Windows). */
    static List<String> powershell(String script) {
        return List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script);
    }
}
