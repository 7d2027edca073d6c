package io.steward.agent;

import java.util.concurrent.Callable;

import io.steward.protocol.AgentProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The endpoint agent's command line. Enrolment, telemetry and tasks arrive with the RMM work;
 * today it reports which protocol it speaks, so installers can check compatibility.
 */
@Command(name = "steward-agent", mixinStandardHelpOptions = true, versionProvider = StewardAgent.Version.class,
        description = "Steward endpoint agent.", subcommands = {StewardAgent.ProtocolCommand.class})
public final class StewardAgent implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new StewardAgent()).execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Prints the agent protocol version and path prefix. */
    @Command(name = "protocol", description = "Print the agent protocol version this agent speaks.")
    static final class ProtocolCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("protocol " + AgentProtocol.VERSION + " at " + AgentProtocol.PATH_PREFIX);
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StewardAgent.class.getPackage().getImplementationVersion();
            return new String[] {"steward-agent " + (v == null ? "development" : v) + ", protocol " + AgentProtocol.VERSION};
        }
    }
}
