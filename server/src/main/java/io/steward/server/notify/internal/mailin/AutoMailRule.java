package io.steward.server.notify.internal.mailin;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a mail was sent by a machine (an out-of-office, a list, a daemon) and so must never get an automatic
 * answer, nor open or touch a ticket: answering one is how mail loops start. RFC 3834 {@code Auto-Submitted} other
 * than {@code no}; {@code Precedence: bulk, list or junk}; Microsoft's {@code X-Auto-Response-Suppress}; and mail from
 * {@code mailer-daemon} or {@code postmaster}.
 */
public final class AutoMailRule {
    private static final Set<String> BULK = Set.of("bulk", "list", "junk");
    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster");

    private AutoMailRule() {
    }

    /** Why the mail is automatic, or empty when a person wrote it. */
    public static Optional<String> automatic(ParsedMail mail) {
        for (String v : mail.header("Auto-Submitted")) {
            String keyword = keyword(v);
            if (!keyword.isEmpty() && !keyword.equals("no")) {
                return Optional.of("Auto-Submitted: " + keyword);
            }
        }
        for (String v : mail.header("Precedence")) {
            if (BULK.contains(keyword(v))) {
                return Optional.of("Precedence: " + keyword(v));
            }
        }
        if (!mail.header("X-Auto-Response-Suppress").isEmpty()) {
            return Optional.of("X-Auto-Response-Suppress");
        }
        if (daemon(mail.fromAddress())) {
            return Optional.of("sent by " + mail.fromAddress());
        }
        return Optional.empty();
    }

    /** True for {@code mailer-daemon@...} and {@code postmaster@...} (any case), and for an empty sender. */
    public static boolean daemon(String address) {
        if (address == null || address.isBlank()) {
            return true;
        }
        int at = address.indexOf('@');
        String local = (at < 0 ? address : address.substring(0, at)).strip().toLowerCase(Locale.ROOT);
        return DAEMONS.contains(local);
    }

    private static String keyword(String value) {
        String v = value == null ? "" : value;
        int semi = v.indexOf(';');
        return (semi < 0 ? v : v.substring(0, semi)).replaceAll("\\([^)]*\\)", "").strip().toLowerCase(Locale.ROOT);
    }
}
