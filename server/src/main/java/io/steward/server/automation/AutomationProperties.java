package io.steward.server.automation;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the automation module ({@code steward.automation.*}); the one properties record of the module. Each
 * part adds its own nested record.
 *
 * @param signer     how the server reaches the task signer
 * @param tasks      limits of tasks and their delivery to agents
 * @param remediation the catch-up of remediation from alerts
 */
@Validated
@ConfigurationProperties("steward.automation")
public record AutomationProperties(@Valid @DefaultValue Signer signer, @Valid @DefaultValue Tasks tasks, @Valid @DefaultValue Remediation remediation) {

    /**
     * @param url       the signer's local channel, e.g. {@code http://127.0.0.1:8744}; blank: start the signer as a
     *                  child process (demo, tests, a single-host install)
     * @param tokenFile the file holding the channel token the signer checks on every request
     * @param home      where a child signer keeps its key, keyring, standard changes and log (0700); relative to
     *                  {@code STEWARD_HOME} when not absolute
     * @param jar       the built signer jar a child signer is started from
     * @param pageListen where a child signer serves its signing page (host:port; port 0 picks a free one), set at its
     *                  first start
     * @param pageOrigin the child signer's signing page as browsers reach it; its host must be the WebAuthn rp id or a
     *                  name under it, and a port of 0 means the port the page got. Set at its first start; later changed
     *                  only in the signer's own {@code signer.properties}
     */
    public record Signer(@DefaultValue("") String url, @DefaultValue("") String tokenFile, @NotBlank @DefaultValue("signer") String home,
                         @NotBlank @DefaultValue("signer/target/steward-signer.jar") String jar,
                         @NotBlank @Pattern(regexp = "[^\\s:]+:\\d{1,5}") @DefaultValue("127.0.0.1:0") String pageListen,
                         @NotBlank @Pattern(regexp = "https?://[^/:\\s]+(:\\d{1,5})?") @DefaultValue("http://localhost:0") String pageOrigin) {

        public boolean child() {
            return url == null || url.isBlank();
        }
    }

    /**
     * @param pollSeconds  how long an agent's task poll is held open when nothing is waiting
     * @param maxDevices   the largest resolved target set a task may have on the server's side (the signer has its own)
     * @param maxExpiryHours how far ahead a task's expiry may be
     */
    public record Tasks(@Min(1) @Max(120) @DefaultValue("25") int pollSeconds, @Min(1) @Max(100_000) @DefaultValue("5000") int maxDevices,
                        @Min(1) @Max(24 * 90) @DefaultValue("168") int maxExpiryHours) {
    }

    /**
     * Remediation acts on alert and run events as they commit; a recurring sweep (db-scheduler, one node) does what a
     * lost one would have done (the server stopped in between, or the work failed and rolled back).
     *
     * @param sweepInterval how often the sweep looks
     * @param catchUp       how far back: alerts opened, and remediations started, within this are looked at
     */
    public record Remediation(@NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration sweepInterval,
                              @NotNull @DurationMin(minutes = 5) @DefaultValue("24h") Duration catchUp) {
    }
}
