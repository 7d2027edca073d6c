package io.steward.server.notify.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.steward.server.notify.NotificationKind;
import io.steward.server.notify.internal.mail.StaffMailer;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.UserId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes one kind of notification to a set of staff, never to whoever acted. Joins the announcing transaction, so a
 * notification commits with what it announces; a ticket written by group commit is announced after its commit,
 * and its notifications then get a transaction of their own.
 */
@Component
class Notifier {
    private final NotificationRepository repository;
    private final StaffMailer mail;
    private final Clock clock;

    Notifier(NotificationRepository repository, StaffMailer mail, Clock clock) {
        this.repository = repository;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Answers who was told in the app (those who serve the client, are not {@code actor} and keep the kind on in the app);
     * those who keep the kind on by email also get a mail, whatever their in-app choice.
     */
    @Transactional
    public List<UUID> tell(NotificationKind kind, ClientId client, Collection<UUID> users, UserId actor, String message, UUID ticket, String link) {
        List<UUID> told = repository.insertForStaff(users, actor == null ? null : actor.value(), client, kind, message, ticket, link, clock.instant());
        mail.tell(kind, client, users, actor == null ? null : actor.value(), message, ticket, link);
        return told;
    }
}
