package io.steward.server.notify.internal.mailin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a mail is a bounce, and which recipients failed for good. A bounce is a delivery status notification
 * (RFC 3464: {@code multipart/report; report-type=delivery-status}) or any mail with the null reverse path
 * ({@code Return-Path: <>}). It opens nothing and is never answered; a recipient whose per-recipient block says
 * {@code Action: failed} (or a 5.x.x status) is reported so that the outbox stops writing to it. A delayed delivery
 * ({@code Action: delayed}, 4.x.x) is a bounce that names no failed recipient.
 */
public final class BounceRule {

    private BounceRule() {
    }

    /**
     * A bounce and the recipients it says failed permanently (possibly none).
     *
     * @param report true for a delivery status notification; false for a mail that only has the null reverse path,
     *               which an out-of-office may have too (the auto-mail rule then names it better)
     */
    public record Bounce(boolean report, List<Failed> failed, String reason) {
        public Bounce {
            failed = List.copyOf(failed);
        }
    }

    /** A recipient that cannot be delivered to, and the diagnostic given for it. */
    public record Failed(String address, String diagnostic) {
    }

    public static Optional<Bounce> bounce(ParsedMail mail) {
        boolean report = mail.contentType().startsWith("multipart/report") && mail.contentType().contains("delivery-status");
        if (report || mail.deliveryStatus() != null) {
            List<Failed> failed = mail.deliveryStatus() == null ? List.of() : failedRecipients(mail.deliveryStatus());
            return Optional.of(new Bounce(true, failed, failed.isEmpty() ? "delivery status report naming no failed recipient"
                    : "delivery failed to " + String.join(", ", failed.stream().map(Failed::address).toList())));
        }
        if (mail.returnPath() != null && mail.returnPath().replaceAll("\\s", "").equals("<>")) {
            return Optional.of(new Bounce(false, List.of(), "null return path (Return-Path: <>)"));
        }
        return Optional.empty();
    }

    /**
     * The permanently failed recipients of a {@code message/delivery-status} body: blocks of fields separated by blank
     * lines, the first about the message, each further one about a recipient.
     */
    public static List<Failed> failedRecipients(String deliveryStatus) {
        List<Failed> out = new ArrayList<>();
        String unfolded = deliveryStatus.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        for (String block : unfolded.split("\n\\s*\n")) {
            String recipient = null;
            String action = "";
            String status = "";
            String diagnostic = "";
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                switch (name) {
                    case "final-recipient" -> recipient = address(value);
                    case "original-recipient" -> recipient = recipient == null ? address(value) : recipient;
                    case "action" -> action = value.toLowerCase(Locale.ROOT);
                    case "status" -> status = value;
                    case "diagnostic-code" -> diagnostic = value;
                    default -> { }
                }
            }
            boolean permanent = action.startsWith("failed") || (action.isEmpty() && status.startsWith("5"));
            if (recipient != null && !recipient.isEmpty() && permanent) {
                String why = diagnostic.isEmpty() ? "status " + status : diagnostic;
                out.add(new Failed(recipient, why.length() > 500 ? why.substring(0, 500) : why));
            }
        }
        return out;
    }

    /** {@code rfc822; user@example.com} to {@code user@example.com}. */
    private static String address(String value) {
        int semi = value.indexOf(';');
        String a = (semi < 0 ? value : value.substring(semi + 1)).strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.toLowerCase(Locale.ROOT);
    }
}
