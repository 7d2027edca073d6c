package io.steward.server.notify.internal.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.tenancy.Logo;
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
 * References, text and HTML as multipart/alternative (inside multipart/related with the client's logo when its HTML
 * shows it), and the headers that stop auto-responders answering automatic mail.
 */
final class MailComposer {
    private static final java.util.regex.Pattern LOGO_IMG = java.util.regex.Pattern.compile("<img[^>]*cid:" + MailRenderer.LOGO_CID + "[^>]*>");

    private final NotifyProperties.Mail mail;
    private final java.util.function.Function<io.steward.server.shared.ClientId, java.util.Optional<Logo>> logos;

    /** {@code logos} gives a client's logo for mail whose HTML shows it. */
    MailComposer(NotifyProperties.Mail mail, java.util.function.Function<io.steward.server.shared.ClientId, java.util.Optional<Logo>> logos) {
        this.mail = mail;
        this.logos = logos;
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
            MimeMultipart alternative = new MimeMultipart("alternative", text, html);
            Logo logo = row.html().contains("cid:" + MailRenderer.LOGO_CID) ? logos.apply(row.client()).orElse(null) : null;
            if (logo == null) {
                // No logo (none, or removed since the mail was written): no image that points at nothing.
                html.setText(LOGO_IMG.matcher(row.html()).replaceAll(""), "UTF-8", "html");
                m.setContent(alternative);
            } else {
                html.setText(row.html(), "UTF-8", "html");
                MimeBodyPart both = new MimeBodyPart();
                both.setContent(alternative);
                MimeBodyPart image = new MimeBodyPart();
                image.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(logo.image(), logo.contentType())));
                image.setContentID("<" + MailRenderer.LOGO_CID + ">");
                image.setDisposition(jakarta.mail.Part.INLINE);
                image.setFileName(logo.info().fileName("logo"));
                m.setContent(new MimeMultipart("related", both, image));
            }
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
