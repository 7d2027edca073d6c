package io.steward.bench;

import io.steward.bench.agents.AgentsCommand;
import io.steward.bench.agents.AlertLatencyCommand;
import io.steward.bench.forecast.ForecastCommand;
import io.steward.bench.mailout.MailOutCommand;
import io.steward.bench.report.ReportCommand;
import io.steward.bench.servicedesk.ServiceDeskCommand;
import io.steward.bench.webhooks.WebhooksCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the bench jar: one subcommand per shape of the benchmark protocol
 * (/work/shared/BENCHMARK-PROTOCOL.md). Figures go to BENCHMARKS.md.
 */
@Command(name = "steward-bench", mixinStandardHelpOptions = true, subcommands = {AgentsCommand.class, AlertLatencyCommand.class, ServiceDeskCommand.class, ReportCommand.class,
        ForecastCommand.class, WebhooksCommand.class, MailOutCommand.class, io.steward.bench.mailin.MailInCommand.class,
        io.steward.bench.signer.SignerCommand.class, io.steward.bench.tasks.TaskFanoutCommand.class,
        io.steward.bench.patches.PatchScaleCommand.class, io.steward.bench.protection.ProtectionScaleCommand.class,
        io.steward.bench.agents.StreamSinkCommand.class},
        description = "Load drivers for Steward's benchmark shapes. Run a subcommand with --help for its options.")
public final class Bench implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public void run() {
        // No subcommand: show what there is rather than doing nothing silently.
        new CommandLine(this).usage(System.out);
    }
}
