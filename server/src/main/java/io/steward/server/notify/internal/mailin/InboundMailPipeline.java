package io.steward.server.notify.internal.mailin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.internal.mail.InboundMailArrived;
import io.steward.server.notify.internal.mail.MailBounced;
import io.steward.server.notify.internal.mail.MailOutbox;
import io.steward.server.notify.internal.mail.OutgoingMail;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.tenancy.Contact;
import io.steward.server.tenancy.ContactService;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every mail fetched from a mailbox comes through here: kept as a row with its raw bytes, then decided by the rules
 * (bounce, automatic mail, rate limit, size, sender trust, threading) and turned into a ticket, a reply, or an item
 * of the triage list. Synchronous on purpose: the mailbox side marks the mail as taken only after this returned, in
 * the transaction it publishes in (system scope). The same mail twice is one row and is processed once; whatever
 * throws while processing is rolled back to a savepoint and the mail kept as FAILED with the reason, never thrown on.
 */
@Component
class InboundMailPipeline {
    private static final Logger log = LoggerFactory.getLogger(InboundMailPipeline.class);

    private final InboundMailRepository repository;
    private final MailDecisions decisions;
    private final ContactService contacts;
    private final MailOutbox outbox;
    private final ApplicationEventPublisher events;
    private final NotifyProperties.Inbound settings;
    private final SenderRateLimit rateLimit;
    private final Clock clock;
    private final TransactionTemplate outer;
    private final TransactionTemplate savepoint;

    InboundMailPipeline(InboundMailRepository repository, MailDecisions decisions, ContactService contacts, MailOutbox outbox,
                        ApplicationEventPublisher events, NotifyProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.decisions = decisions;
        this.contacts = contacts;
        this.outbox = outbox;
        this.events = events;
        this.settings = properties.inbound();
        this.rateLimit = new SenderRateLimit(settings.senderLimit());
        this.clock = clock;
        this.outer = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Keeps and processes one fetched mail; returns without effect when this mailbox already holds it. Joins the
     * publisher's transaction (whose connection must hold system scope: the mail may be nobody's yet); without one, it
     * opens its own in system scope.
     */
    @EventListener
    public void on(InboundMailArrived arrived) {
        TenantContext.runAsSystem(() -> outer.executeWithoutResult(status -> receive(arrived)));
    }

    private void receive(InboundMailArrived arrived) {
        byte[] raw = arrived.raw();
        boolean tooLarge = raw.length > settings.maxBytes();
        ParsedMail mail;
        String unreadable = null;
        try {
            mail = tooLarge ? MailParser.headersOf(raw) : MailParser.parse(raw);
        } catch (MessagingException | RuntimeException e) {
            mail = null;
            unreadable = "not a readable message: " + e.getMessage();
        }
        UUID id = UUID.randomUUID();
        boolean fresh = repository.insert(id, arrived.mailbox(), mail == null ? null : mail.messageId(), sha256(raw), mail == null ? "" : mail.fromAddress(),
                mail == null ? "" : mail.fromName(), mail == null ? "" : mail.subject(), arrived.receivedAt(), raw);
        if (!fresh) {
            return;
        }
        if (mail == null) {
            repository.settle(id, InboundOutcome.FAILED, unreadable, null, arrived.boundClient());
            return;
        }
        ParsedMail parsed = mail;
        try {
            Decision d = savepoint.execute(status -> decide(id, arrived, parsed, tooLarge));
            repository.settle(id, d.outcome(), d.reason(), d.ticket(), d.client());
        } catch (RuntimeException e) {
            log.warn("Inbound mail {} could not be processed", id, e);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            repository.settle(id, InboundOutcome.FAILED, "processing failed: " + why, null, arrived.boundClient());
        }
    }

    /** What became of a mail: its outcome, in words, and the ticket and client it went to. */
    record Decision(InboundOutcome outcome, String reason, UUID ticket, ClientId client) {
        static Decision of(InboundOutcome outcome, String reason, ClientId client) {
            return new Decision(outcome, reason, null, client);
        }
    }

    private Decision decide(UUID id, InboundMailArrived arrived, ParsedMail mail, boolean tooLarge) {
        ClientId bound = arrived.boundClient();
        if (!arrived.mailboxAddress().isBlank() && mail.fromAddress().equalsIgnoreCase(arrived.mailboxAddress())) {
            return Decision.of(InboundOutcome.OWN_MAIL, "sent from the mailbox's own address", bound);
        }
        if (mail.messageId() != null && repository.handledElsewhere(mail.messageId(), arrived.mailbox())) {
            return Decision.of(InboundOutcome.DUPLICATE, "the same mail arrived in another mailbox and was handled there", bound);
        }
        Optional<BounceRule.Bounce> bounce = BounceRule.bounce(mail);
        Optional<String> automatic = AutoMailRule.automatic(mail);
        if (bounce.isPresent() && (bounce.get().report() || automatic.isEmpty())) {
            // Anyone can write a report: only a failed recipient of a mail Steward sent under a Message-ID the report
            // quotes may be marked, so a forged report cannot silence an address that mail never went to.
            Set<String> sentTo = repository.recipientsOf(MailParser.ids(new String(arrived.raw(), StandardCharsets.ISO_8859_1)));
            List<BounceRule.Failed> failed = bounce.get().failed().stream().filter(f -> sentTo.contains(f.address().toLowerCase(Locale.ROOT))).toList();
            if (failed.isEmpty()) {
                return Decision.of(InboundOutcome.BOUNCE, bounce.get().reason() + "; about no address Steward sent that mail to, so none is marked",
                        bound);
            }
            for (BounceRule.Failed f : failed) {
                events.publishEvent(new MailBounced(f.address(), f.diagnostic(), clock.instant()));
            }
            return Decision.of(InboundOutcome.BOUNCE, bounce.get().reason(), bound);
        }
        if (automatic.isPresent()) {
            return Decision.of(InboundOutcome.AUTO_IGNORED, "automatic mail (" + automatic.get() + ")", bound);
        }
        if (rateLimit.exceeded(repository.countFrom(mail.fromAddress(), arrived.receivedAt().minus(settings.senderWindow()), id))) {
            return Decision.of(InboundOutcome.RATE_LIMITED, "more than " + settings.senderLimit() + " mails from this sender within "
                    + settings.senderWindow().toMinutes() + " minutes", bound);
        }
        List<Contact> known = contacts.withEmail(mail.fromAddress()).stream()
                .filter(c -> bound == null || c.clientId().equals(bound)).toList();
        Set<ClientId> clients = known.stream().map(Contact::clientId).collect(Collectors.toSet());
        ClientId likely = bound != null ? bound : clients.size() == 1 ? clients.iterator().next() : null;
        SenderTrustRule.Trust trust = SenderTrustRule.judge(mail, arrived.trustedAuthServId(), arrived.trustWithoutDmarc());
        if (tooLarge) {
            // Answered only when the From address is proven and known: an answer to a forged sender is backscatter.
            if (trust.trusted() && !known.isEmpty()) {
                answerTooLarge(mail, arrived.raw().length);
                return Decision.of(InboundOutcome.TOO_LARGE, "larger than " + settings.maxBytes() / (1024 * 1024) + " MB; the sender was told", likely);
            }
            return Decision.of(InboundOutcome.TOO_LARGE, "larger than " + settings.maxBytes() / (1024 * 1024) + " MB; not answered (sender "
                    + (trust.trusted() ? "unknown" : "not trusted") + ")", likely);
        }
        if (!trust.trusted()) {
            return Decision.of(InboundOutcome.TRIAGE, "sender not trusted: " + trust.reason(), likely);
        }
        if (known.isEmpty()) {
            return Decision.of(InboundOutcome.TRIAGE, bound == null ? "unknown sender" : "the sender is not a contact of the mailbox's client", bound);
        }
        return decisions.ticketFor(mail, known, likely);
    }

    /** Tells a person their mail was too large; never a machine, and never a bounce (checked before). */
    private void answerTooLarge(ParsedMail mail, long size) {
        if (AutoMailRule.daemon(mail.fromAddress())) {
            return;
        }
        String subject = "Not delivered to the service desk: " + (mail.subject().isBlank() ? "your mail" : mail.subject());
        String text = """
                Your mail to the service desk could not be processed: it is %d MB, and the service desk takes mail of up to %d MB.
                Please send it again without the large attachments, or share them by a link. Your mail has been kept, and the \
                service desk can see it.""".formatted(Math.ceilDiv(size, 1024 * 1024), settings.maxBytes() / (1024 * 1024));
        outbox.enqueue(new OutgoingMail(null, null, "INBOUND_TOO_LARGE", mail.fromAddress(), mail.fromName(), subject.length() > 900
                ? subject.substring(0, 900) : subject, text, null, mail.messageId(), mail.messageId() == null ? List.of() : List.of(mail.messageId()), true));
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
