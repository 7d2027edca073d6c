package io.steward.server.notify.internal.mail;

import java.time.Clock;
import java.util.UUID;

import io.steward.server.notify.NotifyProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where every outgoing mail starts: a row written in the caller's transaction, so the mail exists exactly when what it
 * announces committed. Delivery is a separate, cluster-safe task that reads the rows; nothing here talks to SMTP.
 */
@Component
@EnableConfigurationProperties(NotifyProperties.class)
public class MailOutbox {
    private final MailOutboxRepository repository;
    private final MessageIds messageIds;
    private final Clock clock;

    public MailOutbox(MailOutboxRepository repository, MessageIds messageIds, Clock clock) {
        this.repository = repository;
        this.messageIds = messageIds;
        this.clock = clock;
    }

    /**
     * Queues {@code mail} for delivery as soon as the transaction commits; answers its Message-ID (signed and naming the
     * ticket when the mail is about one). Must run inside the transaction of the change it announces.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueue(OutgoingMail mail) {
        String messageId = mail.ticket() == null ? messageIds.plain() : messageIds.forTicket(mail.ticket());
        repository.insert(UUID.randomUUID(), mail, messageId, clock.instant());
        return messageId;
    }
}
