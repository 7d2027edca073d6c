package io.steward.server.notify.internal.mailin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * Takes a raw RFC 5322 message apart into a {@link ParsedMail} with Jakarta Mail. Lenient: a malformed header or part
 * leaves its field empty rather than failing the mail; only bytes that are no message at all throw.
 */
public final class MailParser {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final int MAX_DEPTH = 10;

    private MailParser() {
    }

    public static MimeMessage message(byte[] raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    /** Only the headers (and no body parts): enough to decide about a mail too large to take apart. */
    public static ParsedMail headersOf(byte[] raw) throws MessagingException {
        return parse(message(raw), false);
    }

    public static ParsedMail parse(byte[] raw) throws MessagingException {
        return parse(message(raw), true);
    }

    static ParsedMail parse(MimeMessage m, boolean body) throws MessagingException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : Collections.list(m.getAllHeaders())) {
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(unfold(h.getValue()));
        }
        InternetAddress from = null;
        int fromCount = 0;
        try {
            Address[] all = m.getFrom();
            fromCount = all == null ? 0 : all.length;
            if (fromCount > 0 && all[0] instanceof InternetAddress ia) {
                from = ia;
            }
        } catch (AddressException malformed) {
            fromCount = 0;
        }
        String subject;
        try {
            subject = m.getSubject();
        } catch (MessagingException undecodable) {
            subject = m.getHeader("Subject", null);
        }
        String returnPath = headers.containsKey("return-path") ? headers.get("return-path").getFirst().strip() : null;
        Body collected = new Body();
        if (body) {
            try {
                walk(m, collected, 0);
            } catch (IOException e) {
                throw new MessagingException("unreadable body: " + e.getMessage(), e);
            }
        }
        String text = collected.text.length() > 0 ? collected.text.toString() : HtmlText.of(collected.html.toString());
        return new ParsedMail(ids(m.getHeader("Message-ID", null)).stream().findFirst().orElse(null), from == null ? "" : from.getAddress(),
                from == null ? "" : from.getPersonal(), fromCount, subject == null ? "" : subject, returnPath, ids(m.getHeader("In-Reply-To", " ")),
                ids(m.getHeader("References", " ")), headers, m.getContentType(), text.strip(), collected.files,
                collected.deliveryStatus);
    }

    /** The Message-IDs ({@code <...>}) in a header value, in order. */
    static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static final class Body {
        final StringBuilder text = new StringBuilder();
        final StringBuilder html = new StringBuilder();
        final List<ParsedMail.Attached> files = new ArrayList<>();
        String deliveryStatus;
    }

    private static void walk(Part p, Body out, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        String type = p.getContentType() == null ? "text/plain" : p.getContentType().toLowerCase(Locale.ROOT);
        String disposition = p.getDisposition();
        String fileName = fileName(p);
        if (p.isMimeType("multipart/*")) {
            Object content = p.getContent();
            if (content instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart part = mp.getBodyPart(i);
                    walk(part, out, depth + 1);
                }
            }
            return;
        }
        if (type.startsWith("message/delivery-status") || type.startsWith("message/global-delivery-status")) {
            out.deliveryStatus = new String(bytes(p), StandardCharsets.UTF_8);
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
        if (!attachment && p.isMimeType("text/plain")) {
            append(out.text, String.valueOf(p.getContent()));
        } else if (!attachment && p.isMimeType("text/html")) {
            append(out.html, String.valueOf(p.getContent()));
        } else if (!attachment && p.isMimeType("message/rfc822") && depth > 0) {
            // A forwarded or returned message stays one file, as it came.
            out.files.add(new ParsedMail.Attached("message.eml", "message/rfc822", bytes(p)));
        } else if (attachment || depth > 0) {
            out.files.add(new ParsedMail.Attached(fileName == null ? "attachment" : fileName, type.split(";")[0].strip(), bytes(p)));
        }
    }

    private static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append("\n\n");
        }
        sb.append(s);
    }

    private static String fileName(Part p) {
        try {
            String name = p.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            return "attachment";
        }
    }

    private static byte[] bytes(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String unfold(String value) {
        return value == null ? "" : value.replaceAll("\\r?\\n[ \\t]+", " ").strip();
    }
}
