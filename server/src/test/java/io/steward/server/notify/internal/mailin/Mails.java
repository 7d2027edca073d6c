package io.steward.server.notify.internal.mailin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/** Real MIME messages for the pipeline's tests, built with Jakarta Mail, and the captured-style samples under /mail. */
public final class Mails {
    private static final Session SESSION = Session.getInstance(new Properties());

    private Mails() {
    }

    /** A sample from src/test/resources/mail, with {@code client.example} replaced by {@code domain}. */
    public static byte[] sample(String name, String domain) {
        try (InputStream in = Mails.class.getResourceAsStream("/mail/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("client.example", domain).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ParsedMail parsed(byte[] raw) {
        try {
            return MailParser.parse(raw);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A builder of one message. */
    public static Builder from(String address, String name) {
        return new Builder(address, name);
    }

    public static final class Builder {
        private final MimeMessage m = new MimeMessage(SESSION);
        private final MimeMultipart mixed = new MimeMultipart("mixed");
        private String text = "Hello";
        private String html;
        private boolean attachments;

        Builder(String address, String name) {
            try {
                m.setFrom(new InternetAddress(address, name, "UTF-8"));
                m.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@msp.example");
                m.setSubject("A question");
            } catch (MessagingException | java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        public Builder subject(String s) {
            return run(() -> m.setSubject(s, "UTF-8"));
        }

        public Builder header(String name, String value) {
            return run(() -> m.addHeader(name, value));
        }

        public Builder messageId(String id) {
            return header("Message-ID", id);
        }

        /** An Authentication-Results header of the receiving server {@code authServId}: DMARC pass for the From domain. */
        public Builder dmarcPass(String authServId, String domain) {
            return header("Authentication-Results", authServId + "; spf=pass smtp.mailfrom=" + domain + "; dkim=pass header.d=" + domain
                    + "; dmarc=pass header.from=" + domain);
        }

        public Builder text(String t) {
            this.text = t;
            return this;
        }

        public Builder htmlOnly(String h) {
            this.text = null;
            this.html = h;
            return this;
        }

        public Builder attach(String fileName, String type, byte[] content) {
            attachments = true;
            return run(() -> {
                MimeBodyPart p = new MimeBodyPart();
                p.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
                p.setFileName(fileName);
                p.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(p);
            });
        }

        public byte[] bytes() {
            try {
                MimeBodyPart body = new MimeBodyPart();
                if (text != null) {
                    body.setText(text, "UTF-8");
                } else {
                    body.setContent(html, "text/html; charset=UTF-8");
                }
                if (attachments) {
                    mixed.addBodyPart(body, 0);
                    m.setContent(mixed);
                } else if (text != null) {
                    m.setText(text, "UTF-8");
                } else {
                    m.setContent(html, "text/html; charset=UTF-8");
                }
                String id = m.getHeader("Message-ID", null);
                m.saveChanges();
                if (id != null) {
                    m.setHeader("Message-ID", id);
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                m.writeTo(out);
                return out.toByteArray();
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public ParsedMail parsed() {
            return Mails.parsed(bytes());
        }

        private interface Step {
            void run() throws MessagingException;
        }

        private Builder run(Step s) {
            try {
                s.run();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }
    }
}
