package io.steward.server.notify.internal.mailbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher against a real IMAP server: each mail handed on once with its exact bytes, \Seen only after that. */
class MailboxWatchTest extends MailServerSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    InboundMailRecorder recorder;

    @Test
    void aMailIsPublishedOnceWithItsExactBytesThenMarkedSeenAndTheNextOnesArriveThroughIdle() throws Exception {
        String address = account("pw-1");
        String id = mailbox(address, "pw-1", imapPort());
        UUID box = UUID.fromString(id);
        recorder.watch(box);
        until(WAIT, "connected", () -> status(id).contains("\"connected\":true"));

        byte[] first = rfc822(address, "Printer on fire", "The printer in room 2 is on fire.");
        deliver(address, first);
        until(WAIT, "first mail handed on", () -> recorder.mails(box).size() == 1);
        InboundMailArrived mail = recorder.mails(box).getFirst();
        assertThat(mail.raw()).isEqualTo(first);
        assertThat(mail.mailboxAddress()).isEqualTo(address);
        assertThat(mail.trustedAuthServId()).isEqualTo("mx.mail.test");
        assertThat(mail.trustWithoutDmarc()).isFalse();
        assertThat(mail.boundClient()).isNull();
        until(WAIT, "first mail seen on the server", () -> seen(address, "pw-1").equals(List.of(true)));
        assertThat(status(id)).contains("\"idleSupported\":true").contains("\"lastMailAt\":\"");

        // The poll interval is 60 s and the IDLE renewal 30 s: mails that arrive within seconds came through IDLE. Each is
        // delivered right after the one before was taken, when the watcher is going back into IDLE (the moment a mail
        // could slip between a pass and IDLE).
        for (int n = 2; n <= 6; n++) {
            byte[] next = rfc822(address, "Still on fire " + n, "Now the desk too.");
            long start = System.nanoTime();
            deliver(address, next);
            int expected = n;
            until(Duration.ofSeconds(5), "mail " + n + " handed on through IDLE", () -> recorder.mails(box).size() == expected);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(recorder.mails(box).get(n - 1).raw()).isEqualTo(next);
        }
        until(WAIT, "all seen", () -> seen(address, "pw-1").equals(List.of(true, true, true, true, true, true)));
        // Published once each: a later pass (the lease renewal) finds nothing unseen.
        assertThat(recorder.attempts(box)).isEqualTo(6);
    }

    @Test
    void brokenMailboxesShowTheirErrorWhileAGoodOneKeepsReceiving() throws Exception {
        String good = account("good-pw");
        String wrong = account("right-pw");
        String goodId = mailbox(good, "good-pw", imapPort());
        String wrongId = mailbox(wrong, "not-the-password", imapPort());
        String closedId = mailbox(account("x"), "x", closedPort());
        recorder.watch(UUID.fromString(goodId));

        until(WAIT, "wrong password reported", () -> status(wrongId).contains("\"state\":\"FAILING\""));
        until(WAIT, "closed port reported", () -> status(closedId).contains("\"state\":\"FAILING\""));
        assertThat(status(wrongId)).contains("\"connected\":false").contains("sign-in refused");
        assertThat(status(closedId)).contains("\"connected\":false").contains("Connect");
        String page = admin().page("/settings/mailboxes/" + wrongId);
        assertThat(page).contains("sign-in refused").contains("FAILING");

        deliver(good, rfc822(good, "Hello", "The good box still works."));
        until(WAIT, "the good box received", () -> recorder.mails(UUID.fromString(goodId)).size() == 1);
        assertThat(status(goodId)).contains("\"state\":\"OK\"").contains("\"connected\":true");
    }

    @Test
    void aListenerThatThrowsLeavesTheMailUnseenSoItIsFetchedAgain() throws Exception {
        String address = account("pw-3");
        String id = mailbox(address, "pw-3", imapPort());
        UUID box = UUID.fromString(id);
        recorder.watch(box);
        recorder.failNext(box, 1);
        until(WAIT, "connected", () -> status(id).contains("\"connected\":true"));

        byte[] refused = rfc822(address, "First try fails", "The pipeline throws on this one once.");
        deliver(address, refused);
        until(WAIT, "the listener was called", () -> recorder.attempts(box) == 1);
        until(WAIT, "the failure recorded", () -> status(id).contains("could not be handed on"));
        assertThat(recorder.mails(box)).isEmpty();
        assertThat(seen(address, "pw-3")).containsExactly(false);

        // The next pass (woken by the next mail) fetches the refused one again, and both go through.
        byte[] next = rfc822(address, "Second mail", "This wakes the watcher.");
        deliver(address, next);
        until(WAIT, "both handed on", () -> recorder.mails(box).size() == 2);
        assertThat(recorder.mails(box).stream().map(InboundMailArrived::raw)).containsExactly(refused, next);
        until(WAIT, "both seen", () -> seen(address, "pw-3").equals(List.of(true, true)));
    }

    private List<Boolean> seen(String address, String password) {
        try {
            return seenFlags(address, password);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
