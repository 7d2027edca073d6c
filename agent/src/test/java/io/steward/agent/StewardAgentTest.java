package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StewardAgentTest {

    @Test
    void reportsTheProtocolItSpeaks() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StewardAgent());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("protocol");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("protocol v1 at /agent/v1");
    }

    @Test
    void unknownCommandsFailWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StewardAgent());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("explode")).isNotZero();
        assertThat(err.toString()).contains("Unmatched argument");
    }
}
