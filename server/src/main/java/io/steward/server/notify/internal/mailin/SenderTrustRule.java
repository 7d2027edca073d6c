package io.steward.server.notify.internal.mailin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the From address can be believed (RFC 8601, RFC 7489). Anyone can write any From; what counts is
 * what the MSP's own receiving server found: the topmost {@code Authentication-Results} header whose authserv-id is
 * that server's. Headers below it, or of other authserv-ids, may have been written by the sender and are ignored. The
 * sender is trusted only when that header shows {@code dmarc=pass} with {@code header.from} equal to the domain of the
 * From address (aligned), and the mail names exactly one From address; or when the mailbox is configured, on purpose,
 * to trust without DMARC.
 */
public final class SenderTrustRule {

    private SenderTrustRule() {
    }

    /** Trusted or not, and why, in words for the triage list. */
    public record Trust(boolean trusted, String reason) {
    }

    public static Trust judge(ParsedMail mail, String trustedAuthServId, boolean trustWithoutDmarc) {
        if (mail.fromCount() != 1 || mail.fromAddress().isEmpty()) {
            return new Trust(false, "the mail names " + (mail.fromCount() == 0 ? "no" : mail.fromCount()) + " From addresses");
        }
        if (trustWithoutDmarc) {
            return new Trust(true, "the mailbox trusts senders without DMARC");
        }
        if (trustedAuthServId == null || trustedAuthServId.isBlank()) {
            return new Trust(false, "the mailbox names no trusted authserv-id");
        }
        Optional<String> header = topmostOf(mail.header("Authentication-Results"), trustedAuthServId);
        if (header.isEmpty()) {
            return new Trust(false, "no Authentication-Results from " + trustedAuthServId);
        }
        String domain = mail.fromDomain();
        for (String resinfo : resinfos(header.get())) {
            String[] tokens = resinfo.strip().split("\\s+");
            String[] method = tokens[0].split("=", 2);
            if (method.length != 2 || !method[0].strip().toLowerCase(Locale.ROOT).replaceAll("/.*", "").equals("dmarc")) {
                continue;
            }
            String result = method[1].strip().toLowerCase(Locale.ROOT);
            String headerFrom = property(tokens, "header.from");
            if (!result.equals("pass")) {
                return new Trust(false, "dmarc=" + result);
            }
            if (headerFrom == null || !headerFrom.equalsIgnoreCase(domain)) {
                return new Trust(false, "dmarc=pass for " + (headerFrom == null ? "no domain" : headerFrom) + ", not aligned with " + domain);
            }
            return new Trust(true, "dmarc=pass for " + domain);
        }
        return new Trust(false, "no DMARC result from " + trustedAuthServId);
    }

    /** The first (topmost) header whose authserv-id is {@code authServId}, compared without case. */
    static Optional<String> topmostOf(List<String> headers, String authServId) {
        for (String h : headers) {
            String id = withoutComments(h).strip().split("[;\\s]", 2)[0];
            if (id.equalsIgnoreCase(authServId.strip())) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The method results of a header: what follows the authserv-id (and its version), split at ';'. */
    static List<String> resinfos(String header) {
        String[] parts = withoutComments(header).split(";");
        return List.of(parts).subList(1, parts.length).stream().filter(s -> !s.isBlank()).toList();
    }

    private static String property(String[] tokens, String name) {
        for (String t : tokens) {
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).equalsIgnoreCase(name)) {
                String v = t.substring(eq + 1).strip();
                if (v.startsWith("\"") && v.endsWith("\"") && v.length() > 1) {
                    v = v.substring(1, v.length() - 1);
                }
                int at = v.lastIndexOf('@');
                return (at < 0 ? v : v.substring(at + 1)).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** RFC 8601 allows comments in parentheses anywhere (nested ones too): they say nothing the rule reads. */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"' && depth == 0) {
                quoted = !quoted;
            }
            if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
