package io.steward.agent;

import java.util.concurrent.Callable;

import io.steward.protocol.AgentProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The endpoint agent's command line: {@code enroll} once, then {@code run} (as a service);
 * {@code status} shows the local state and {@code protocol} which protocol this agent speaks,
 * so installers can check compatibility.
 */
@Command(name = "steward-agent", mixinStandardHelpOptions = true, versionProvider = StewardAgent.Version.class,
        description = "Steward endpoint agent.", subcommands = {EnrollCommand.class, RunCommand.class, StatusCommand.class, PatchingCommand.class, ReleaseKeyCommand.class,
                StewardAgent.ProtocolCommand.class})
public final class StewardAgent implements Callable<Integer> {

    public static void main(String[] args) {
        // One line per log record (journald adds its own time stamp, but a terminal wants one).
        LogLine.install();
        // OSHI logs through SLF4J: only its warnings matter to an operator.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args));
    }

    /** The version from the jar manifest, "development" when run from classes. */
    static String version() {
        String v = StewardAgent.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
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
            return new String[] {"steward-agent " + version() + ", protocol " + AgentProtocol.VERSION};
        }
    }
}
