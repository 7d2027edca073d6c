package io.steward.server.notify.internal.mailin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline's rules read of one mail, taken apart once by {@link MailParser}.
 *
 * @param messageId      the Message-ID with angle brackets, or null
 * @param fromAddress    the (first) From address, lower case, or empty
 * @param fromName       its display name, or empty
 * @param fromCount      how many addresses the From header names (more than one is never trusted)
 * @param subject        the decoded subject, or empty
 * @param returnPath     the Return-Path as written ({@code <>} for a bounce), or null when absent
 * @param inReplyTo      the Message-IDs of In-Reply-To
 * @param references     the Message-IDs of References, oldest first
 * @param headers        every header, names in lower case, values in the order they appear (topmost first)
 * @param contentType    the top-level Content-Type, lower case
 * @param text           the plain text of the body (HTML converted when there is no text part)
 * @param attachments    the attached files
 * @param deliveryStatus the text of a {@code message/delivery-status} part, or null
 */
public record ParsedMail(String messageId, String fromAddress, String fromName, int fromCount, String subject, String returnPath,
                         List<String> inReplyTo, List<String> references, Map<String, List<String>> headers, String contentType, String text,
                         List<Attached> attachments, String deliveryStatus) {

    public ParsedMail {
        fromAddress = fromAddress == null ? "" : fromAddress.toLowerCase(Locale.ROOT);
        fromName = fromName == null ? "" : fromName;
        subject = subject == null ? "" : subject;
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        headers = Map.copyOf(headers);
        contentType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        text = text == null ? "" : text;
        attachments = List.copyOf(attachments);
    }

    /** A file that came with the mail. */
    public record Attached(String fileName, String contentType, byte[] content) {
        public Attached {
            Objects.requireNonNull(content, "content");
        }
    }

    /** Every value of the header {@code name}, topmost first. */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The topmost value of the header {@code name}, or null. */
    public String first(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The domain of the From address, lower case, or empty. */
    public String fromDomain() {
        int at = fromAddress.lastIndexOf('@');
        return at < 0 ? "" : fromAddress.substring(at + 1);
    }
}
