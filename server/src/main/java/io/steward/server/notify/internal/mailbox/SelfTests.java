package io.steward.server.notify.internal.mailbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.notify.NotificationKind;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.internal.mail.MailOutbox;
import io.steward.server.notify.internal.mail.OutgoingMail;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each mailbox's self-test: Steward mails the mailbox's own address through the outbox on a schedule and expects the
 * message back in the box within the deadline; when it does not come, the box is FAILING and MSP admins are told once.
 * The same pass warns once, days ahead, before an OAuth refresh token expires.
 *
 * <p>The test message's subject carries {@code [steward-self-test <nonce>.<mac>]}, the MAC binding the nonce to the
 * mailbox under a key of this purpose, so the watcher knows its own messages (they never reach the mail pipeline) and
 * a stranger cannot make a mail disappear by writing such a subject.
 */
@Component
public class SelfTests {
    static final String KIND = "MAILBOX_SELF_TEST";
    private static final Logger log = LoggerFactory.getLogger(SelfTests.class);
    private static final String PURPOSE = "mailbox-self-test";
    private static final Pattern TOKEN = Pattern.compile("\\[steward-self-test ([0-9a-f]{16})\\.([0-9a-f]{32})]");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final MailboxRepository repository;
    private final MailOutbox outbox;
    private final SecretBox secrets;
    private final TransactionTemplate transactions;
    private final NotifyProperties.Inbound settings;

    SelfTests(MailboxRepository repository, MailOutbox outbox, SecretBox secrets, TransactionTemplate transactions, NotifyProperties properties) {
        this.repository = repository;
        this.outbox = outbox;
        this.secrets = secrets;
        this.transactions = transactions;
        this.settings = properties.inbound();
    }

    /** What one pass did. */
    public record Pass(int sent, int alarms, int expiryWarnings) {
    }

    /**
     * Raises the alarm for each test message overdue at {@code now}, warns of OAuth expiry, and sends a new test where
     * the last one is older than the interval. Each mailbox in its own transaction, so one cannot stop the others.
     * Public so that tests run it at the instant they choose.
     */
    public Pass runDue(Instant now) {
        int sent = 0;
        int alarms = 0;
        int warnings = 0;
        for (MailboxRepository.Row row : TenantContext.callAsSystem(repository::all)) {
            if (!row.settings().enabled()) {
                continue;
            }
            try {
                int[] done = TenantContext.callAsSystem(() -> transactions.execute(tx -> check(row, now)));
                sent += done[0];
                alarms += done[1];
                warnings += done[2];
            } catch (RuntimeException e) {
                log.error("Self-test of mailbox {} failed", row.settings().name(), e);
            }
        }
        return new Pass(sent, alarms, warnings);
    }

    private int[] check(MailboxRepository.Row row, Instant now) {
        MailboxSettings m = row.settings();
        MailboxRepository.HealthRow h = row.health();
        int alarm = 0;
        int warned = 0;
        int sent = 0;
        if (h.selfTestToken() != null && h.selfTestReceivedAt() == null && h.selfTestSentAt() != null
                && !now.isBefore(h.selfTestSentAt().plus(settings.selfTestDeadline())) && repository.selfTestFailed(m.id(), h.selfTestToken(), now)) {
            alarm = tell(m, "Mailbox " + m.name() + " (" + m.address() + "): the self-test message sent at " + h.selfTestSentAt()
                    + " did not come back within " + settings.selfTestDeadline().toMinutes() + " minutes", now);
        }
        if (HealthRules.expiresSoon(m, now, settings.oauthWarnDays()) && h.oauthExpiryWarnedAt() == null && repository.expiryWarned(m.id(), now)) {
            warned = tell(m, "Mailbox " + m.name() + " (" + m.address() + "): its OAuth refresh token expires on " + m.refreshExpiresOn()
                    + "; enter a new one before then", now);
        }
        if (h.selfTestSentAt() == null || !now.isBefore(h.selfTestSentAt().plus(settings.selfTestInterval()))) {
            send(m, now);
            sent = 1;
        }
        return new int[] {sent, alarm > 0 ? 1 : 0, warned > 0 ? 1 : 0};
    }

    private void send(MailboxSettings m, Instant now) {
        String token = token(m.id());
        outbox.enqueue(new OutgoingMail(null, null, KIND, m.address(), m.name(), "Steward mailbox self-test [steward-self-test " + token + "]",
                "Steward sent this message to check that mail to " + m.address() + " arrives in its mailbox. It is taken out of the box's"
                        + " mail automatically; nothing needs to be done with it.", null, null, List.of(), true));
        repository.selfTestSent(m.id(), token, now);
    }

    private int tell(MailboxSettings m, String message, Instant now) {
        return repository.notify(repository.mspAdmins(), NotificationKind.MAILBOX_FAILING.name(), message, "/settings/mailboxes/" + m.id(), now);
    }

    /**
     * Whether {@code subject} names a self-test of this mailbox (then the mail is Steward's own and is not handed on);
     * records its arrival when it is the pending one.
     */
    boolean recognise(MailboxSettings m, String subject, Instant at) {
        if (subject == null) {
            return false;
        }
        Matcher t = TOKEN.matcher(subject);
        if (!t.find() || !MessageDigest.isEqual(mac(m.id(), t.group(1)).getBytes(StandardCharsets.US_ASCII),
                t.group(2).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        TenantContext.runAsSystem(() -> repository.selfTestReceived(m.id(), t.group(1) + "." + t.group(2), at));
        return true;
    }

    private String token(UUID mailbox) {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        String n = HEX.formatHex(nonce);
        return n + "." + mac(mailbox, n);
    }

    private String mac(UUID mailbox, String nonce) {
        return HEX.formatHex(secrets.mac(PURPOSE, (mailbox + ":" + nonce).getBytes(StandardCharsets.US_ASCII)), 0, 16);
    }
}
