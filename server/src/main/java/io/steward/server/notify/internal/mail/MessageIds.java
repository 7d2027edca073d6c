package io.steward.server.notify.internal.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Message-IDs that name their ticket with a signature, and the {@code [T-n]} subject tag.
 *
 * <p>A ticket's Message-ID is {@code <t.<ticket uuid hex>.<nonce>.<mac>@domain>}, the MAC being HMAC-SHA256 (first 16
 * bytes) over ticket and nonce under a key derived for this purpose only. A reply's In-Reply-To or References then
 * leads to its ticket even when the subject was changed, and nobody who has not seen a real Message-ID of that ticket
 * can forge one that threads into it (ticket ids are not secret; the MAC is).
 */
@Component
public class MessageIds {
    private static final String PURPOSE = "message-id";
    private static final Pattern TICKET_ID = Pattern.compile("<?t\\.([0-9a-f]{32})\\.([0-9a-f]{16})\\.([0-9a-f]{32})@[^>\\s]+>?");
    private static final Pattern TAG = Pattern.compile("\\[T-(\\d{1,18})]");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final SecretBox secrets;
    private final String domain;

    public MessageIds(SecretBox secrets, NotifyProperties properties) {
        this.secrets = secrets;
        this.domain = properties.mail().idDomain();
    }

    /** A new signed Message-ID (with angle brackets) for mail about {@code ticket}. */
    public String forTicket(UUID ticket) {
        String id = hex(ticket);
        String nonce = HEX.formatHex(randomBytes(8));
        return "<t." + id + "." + nonce + "." + mac(id, nonce) + "@" + domain + ">";
    }

    /** A new Message-ID (with angle brackets) for mail about no ticket. */
    public String plain() {
        return "<m." + HEX.formatHex(randomBytes(16)) + "@" + domain + ">";
    }

    /** The ticket a Message-ID made by {@link #forTicket} names, if it is one and its signature holds. */
    public Optional<UUID> ticketOf(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        Matcher m = TICKET_ID.matcher(messageId.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] expected = mac(m.group(1), m.group(2)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(3).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String h = m.group(1);
        return Optional.of(new UUID(Long.parseUnsignedLong(h.substring(0, 16), 16), Long.parseUnsignedLong(h.substring(16), 16)));
    }

    /** {@code subject} with the ticket's tag in front, unless it carries that tag already. */
    public static String tagged(long ticketNumber, String subject) {
        String tag = "[T-" + ticketNumber + "]";
        return subject.contains(tag) ? subject : tag + " " + subject;
    }

    /** The ticket number of the first {@code [T-n]} tag in a subject, if any. */
    public static Optional<Long> taggedNumber(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(subject);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private String mac(String ticketHex, String nonce) {
        byte[] full = secrets.mac(PURPOSE, (ticketHex + "." + nonce).getBytes(StandardCharsets.US_ASCII));
        return HEX.formatHex(full, 0, 16);
    }

    private static String hex(UUID id) {
        return String.format("%016x%016x", id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
