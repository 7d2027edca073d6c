package io.steward.server.notify.internal.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import io.steward.server.notify.NotifyProperties;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * An outbox row as a MIME message: From (name and address), To, Subject, the row's own Message-ID (so every attempt of
 * one mail carries the same id, and a receiver that deduplicates sees a retry as what it is), In-Reply-To and
 * References, text and HTML as multipart/alternative, and the headers that stop auto-responders answering automatic mail.
 */
final class MailComposer {
    private final NotifyProperties.Mail mail;

    MailComposer(NotifyProperties.Mail mail) {
        this.mail = mail;
    }

    MimeMessage compose(Session session, OutboxRow row, Instant now) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, row.messageId());
        try {
            m.setFrom(new InternetAddress(mail.from(), mail.fromName().isBlank() ? null : mail.fromName(), "UTF-8"));
            InternetAddress to = new InternetAddress(row.to(), true);
            if (!row.toName().isBlank()) {
                to.setPersonal(row.toName(), "UTF-8");
            }
            m.setRecipient(Message.RecipientType.TO, to);
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
        m.setSubject(row.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(now));
        if (row.inReplyTo() != null && !row.inReplyTo().isBlank()) {
            m.setHeader("In-Reply-To", row.inReplyTo());
        }
        if (!row.references().isEmpty()) {
            m.setHeader("References", MimeUtility.fold("References: ".length(), String.join(" ", row.references())));
        }
        if (row.automatic()) {
            m.setHeader("Auto-Submitted", "auto-generated");
            m.setHeader("X-Auto-Response-Suppress", "All");
        }
        if (row.html() == null) {
            m.setText(row.text(), "UTF-8");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(row.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(row.html(), "UTF-8", "html");
            m.setContent(new MimeMultipart("alternative", text, html));
        }
        m.saveChanges();
        return m;
    }

    /** Jakarta Mail makes a new Message-ID on every save; the outbox's id is fixed when the row is written. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
