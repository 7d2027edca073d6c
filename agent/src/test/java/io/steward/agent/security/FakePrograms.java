package io.steward.agent.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.steward.agent.patch.Commands;

/** Captured program outputs for the checks, by the program's name (PowerShell: by the script), and the argument lists asked for. */
final class FakePrograms implements Programs {
    final Map<String, Commands.Output> outputs = new HashMap<>();
    final Set<String> installed = new HashSet<>();
    final List<List<String>> ran = new ArrayList<>();

    FakePrograms answer(String programOrScript, int exit, String stdout) {
        outputs.put(programOrScript, new Commands.Output(exit, stdout, exit == 0 ? "" : "error: " + stdout));
        installed.add(programOrScript);
        return this;
    }

    @Override
    public Commands.Output run(List<String> argv) {
        ran.add(argv);
        String key = argv.get(0).equals("powershell.exe") ? argv.get(argv.size() - 1) : argv.get(0);
        Commands.Output out = outputs.get(key);
        return out != null ? out : new Commands.Output(-1, "", "cannot start " + argv.get(0) + ": not captured");
    }

    @Override
    public boolean installed(String program) {
        return installed.contains(program);
    }

    static String captured(String name) {
        try (InputStream in = FakePrograms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
