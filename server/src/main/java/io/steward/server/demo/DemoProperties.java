package io.steward.server.demo;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of demo mode ({@code steward.demo.*}).
 *
 * @param enabled       seed the demo MSP on first start; {@code --demo} on the command line sets it
 * @param history       with it, the first start also seeds {@link DemoHistory#DAYS} days of the past (tickets, changes, time,
 *                      telemetry, alerts and outages), so that last month's reports and the trends have something to show
 * @param liveAgents    how many of the demo's devices keep reporting through the agent channel while the server runs (0: none);
 *                      with any, one more device is the real agent as a child process on this machine, which runs the
 *                      demo's read-only standard script ({@link DemoTaskAgent})
 * @param agentInterval how often each live demo agent sends a heartbeat (and, every other time, its metrics)
 */
@Validated
@ConfigurationProperties("steward.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled,
                             @DefaultValue("true") boolean history,
                             @Min(0) @Max(DemoFleet.SIZE) @DefaultValue("5") int liveAgents,
                             @NotNull @DefaultValue("30s") Duration agentInterval) {
}
