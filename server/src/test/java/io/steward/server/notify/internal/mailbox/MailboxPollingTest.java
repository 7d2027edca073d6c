package io.steward.server.notify.internal.mailbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.steward.server.notify.NotifyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The polling fallback: a watcher that may not use IDLE (as when the server lacks it or IDLE failed) still takes each
 * mail, at its poll interval. The box is disabled so that this node's own watchers leave it to the test's watcher.
 */
class MailboxPollingTest extends MailServerSupport {
    @Autowired
    InboundMailRecorder recorder;
    @Autowired
    ImapConnector connector;
    @Autowired
    MailboxIntake intake;
    @Autowired
    MailboxRepository repository;
    @Autowired
    Clock clock;
    @Autowired
    NotifyProperties properties;
    @Autowired
    JdbcClient jdbc;

    @Test
    void withoutIdleTheWatcherPollsAndStillTakesEachMailOnceThenReleasesItsLease() throws Exception {
        String address = account("poll-pw");
        String id = mailbox("""
                {"name":"Poll %s","address":"%s","host":"127.0.0.1","port":%d,"security":"NONE","plaintextAllowed":true,"auth":"PASSWORD",
                 "username":"%s","password":"poll-pw","enabled":false}""".formatted(UUID.randomUUID(), address, imapPort(), address));
        UUID box = UUID.fromString(id);
        recorder.watch(box);
        NotifyProperties.Inbound base = properties.inbound();
        NotifyProperties.Inbound polling = new NotifyProperties.Inbound(true, false, Duration.ofMillis(200), base.lease(), base.reconnectMin(),
                base.reconnectMax(), base.connectTimeout(), base.reconcileInterval(), base.selfTestCheck(), base.selfTestInterval(),
                base.selfTestDeadline(), base.oauthWarnDays(), base.maxBytes(), base.senderLimit(), base.senderWindow());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        MailboxWatcher watcher = new MailboxWatcher(repository.find(box).orElseThrow().settings(),
                new MailboxWatcher.Tools(connector, intake, repository, timer, polling, clock, "polling-test-node"));
        Thread thread = Thread.ofVirtual().start(watcher);
        try {
            until(Duration.ofSeconds(20), "connected", () -> status(id).contains("\"connected\":true"));
            assertThat(jdbc.sql("SELECT lease_owner FROM mailbox WHERE id = ?").param(box).query(String.class).single()).isEqualTo("polling-test-node");
            byte[] one = rfc822(address, "Polled one", "First.");
            byte[] two = rfc822(address, "Polled two", "Second.");
            deliver(address, one);
            until(Duration.ofSeconds(10), "first polled", () -> recorder.mails(box).size() == 1);
            deliver(address, two);
            until(Duration.ofSeconds(10), "second polled", () -> recorder.mails(box).size() == 2);
            assertThat(recorder.mails(box).stream().map(m -> m.raw())).containsExactly(one, two);
            until(Duration.ofSeconds(10), "both seen", () -> {
                try {
                    return seenFlags(address, "poll-pw").equals(List.of(true, true));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            // Many polls later, still once each.
            Thread.sleep(600);
            assertThat(recorder.attempts(box)).isEqualTo(2);
        } finally {
            watcher.stop(true);
            thread.join(Duration.ofSeconds(10));
            timer.shutdownNow();
        }
        assertThat(thread.isAlive()).isFalse();
        assertThat(jdbc.sql("SELECT lease_owner FROM mailbox WHERE id = ?").param(box).query(String.class).optional().orElse(null))
                .as("a stopped watcher gives up its lease").isNull();
    }
}
