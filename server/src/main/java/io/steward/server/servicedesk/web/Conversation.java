package io.steward.server.servicedesk.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.steward.server.servicedesk.Attachment;
import io.steward.server.servicedesk.HistoryEntry;
import io.steward.server.servicedesk.TicketView;

/**
 * A ticket read as a conversation: the description, then public replies and internal notes in order. A file sits with
 * the message its uploader wrote just before it (attachments are uploaded separately, so "just before" is the link
 * there is); a file with no such message is a message of its own. The audit history stays on its own tab.
 */
record Conversation(List<Message> messages) {
    /** How long after a person's message a file they upload still belongs to it. */
    static final Duration FILE_BELONGS = Duration.ofMinutes(15);

    /** What a message is. */
    enum Kind { DESCRIPTION, REPLY, NOTE, FILE }

    /** One message of the thread; {@code files} are the attachments that belong to it. */
    record Message(Kind kind, Instant at, String author, boolean staff, String body, List<Attachment> files) {
        public boolean internal() {
            return kind == Kind.NOTE;
        }
    }

    static Conversation of(TicketView ticket, List<HistoryEntry> history, List<Attachment> attachments) {
        String opener = history.stream().filter(h -> h.kind() == HistoryEntry.Kind.CREATED).map(HistoryEntry::actor).findFirst().orElse("");
        boolean openerStaff = history.stream().filter(h -> h.kind() == HistoryEntry.Kind.CREATED).map(HistoryEntry::staff).findFirst().orElse(true);
        List<Message> messages = new ArrayList<>();
        messages.add(new Message(Kind.DESCRIPTION, ticket.openedAt(), opener, openerStaff, ticket.description(), new ArrayList<>()));
        for (HistoryEntry h : history) {
            if (h.kind() == HistoryEntry.Kind.PUBLIC_REPLY || h.kind() == HistoryEntry.Kind.INTERNAL_NOTE) {
                messages.add(new Message(h.kind() == HistoryEntry.Kind.INTERNAL_NOTE ? Kind.NOTE : Kind.REPLY, h.at(), h.actor(), h.staff(),
                        h.body(), new ArrayList<>()));
            }
        }
        List<Attachment> files = attachments.stream().sorted(Comparator.comparing(Attachment::createdAt)).toList();
        for (Attachment a : files) {
            Message home = null;
            for (Message m : messages) {
                if (!m.at().isAfter(a.createdAt()) && m.kind() != Kind.FILE) {
                    home = m;
                }
            }
            if (home != null && home.author().equals(a.uploadedBy()) && !a.createdAt().isAfter(home.at().plus(FILE_BELONGS))) {
                home.files().add(a);
            } else {
                messages.add(new Message(Kind.FILE, a.createdAt(), a.uploadedBy(), true, null, new ArrayList<>(List.of(a))));
            }
        }
        messages.sort(Comparator.comparing(Message::at).thenComparing(m -> m.kind() == Kind.DESCRIPTION ? 0 : 1));
        return new Conversation(List.copyOf(messages));
    }
}
