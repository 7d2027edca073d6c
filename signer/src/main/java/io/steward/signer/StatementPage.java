package io.steward.signer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;

/**
 * The signing page's HTML: every field of the statement as the signer read it (so a person sees all that their
 * signature covers, whatever Steward's own pages said), a summary line a person reads first, the script's body when
 * Steward sent one that matches the signed hash, and the form that sends the signature back.
 */
final class StatementPage {
    /** The fields the page fills with the assertion; a carried field of one of these names is dropped. */
    static final Set<String> ASSERTION_FIELDS = Set.of("credentialId", "authenticatorData", "clientDataJson", "signature", "userHandle");
    private static final Set<String> EPOCH_FIELDS = Set.of("notBefore", "notAfter", "at");

    private StatementPage() {
    }

    static String render(SigningPage.Request r, String rpId) {
        String kind = r.fields().kind();
        byte[] digest = CanonicalText.sha256(r.statement());
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(esc(title(kind))).append("</h1>\n");
        body.append("<p class=\"lead\">This page is the task signer's own, not Steward's. Your passkey signs exactly the statement below, and the "
                + "signer accepts only signatures made on this page. Read it; if it is not what you meant to sign, go back.</p>\n");
        body.append("<p class=\"summary\" id=\"summary\">").append(esc(summary(r))).append("</p>\n");
        String scriptProblem = null;
        String signedHash = TaskSpec.KIND.equals(kind) || StandardChangeSpec.KIND.equals(kind) ? r.field("script") : null;
        if (signedHash != null && r.scriptBody() == null) {
            // A script nobody was shown could be anything: the person must see the body whose hash they sign.
            scriptProblem = "Steward did not send the script, so you cannot see what you would approve. Nothing can be signed.";
        } else if (signedHash != null) {
            String actual = CanonicalText.sha256Hex(r.scriptBody().getBytes(StandardCharsets.UTF_8));
            if (!actual.equals(signedHash)) {
                scriptProblem = "The script Steward sent has the SHA-256 " + actual + ", not the signed " + signedHash
                        + ". Do not sign: what you would approve is not the script shown.";
            }
        }
        if (hidden(r)) {
            body.append("<p class=\"alert\" id=\"hidden-characters\">The statement or script holds invisible or direction-changing "
                    + "characters, shown below as \u27e8U+\u2026\u27e9. They can make text read other than it is: sign only if you know why they are there.</p>\n");
        }
        body.append("<table class=\"statement\" id=\"statement\"><tbody>\n");
        body.append(row("statement", kind));
        for (Map.Entry<String, String> f : r.fields().fields()) {
            body.append(row(f.getKey(), f.getValue()));
        }
        body.append("</tbody></table>\n");
        if (signedHash != null) {
            if (scriptProblem != null) {
                body.append("<p class=\"alert\" id=\"script-problem\">").append(esc(scriptProblem)).append("</p>\n");
            } else {
                body.append("<h2>The script (its SHA-256 matches the signed one)</h2>\n<pre id=\"script\">").append(shown(r.scriptBody())).append("</pre>\n");
            }
        }
        body.append("<p>Digest (the challenge your passkey signs): <code id=\"digest\">").append(HexFormat.of().formatHex(digest)).append("</code></p>\n");
        if (scriptProblem == null) {
            body.append("<form id=\"sign\" method=\"post\" action=\"").append(esc(r.returnTo().toString())).append("\" data-challenge=\"")
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)).append("\" data-rp=\"").append(esc(rpId))
                    .append("\" data-credentials=\"").append(esc(String.join(",", r.credentials()))).append("\">\n");
            for (Map.Entry<String, String> c : r.carried()) {
                if (!ASSERTION_FIELDS.contains(c.getKey())) {
                    body.append("<input type=\"hidden\" name=\"").append(esc(c.getKey())).append("\" value=\"").append(esc(c.getValue())).append("\">\n");
                }
            }
            for (String name : ASSERTION_FIELDS) {
                body.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"\">\n");
            }
            body.append("<button type=\"submit\" id=\"sign-with-passkey\" disabled>Sign with my passkey</button>\n"
                    + "<span class=\"status\" id=\"sign-status\" role=\"status\"></span>\n</form>\n");
        }
        body.append("<p><a href=\"").append(esc(r.returnOrigin())).append("/\">Back to Steward without signing</a></p>\n");
        return page(title(kind), body.toString());
    }

    static String nothingToSign() {
        return page("Task signer", "<h1>Task signer</h1>\n<p>Nothing to sign here: start from a task, a standard change or a passkey in Steward, "
                + "which brings you to this page with what you are asked to sign.</p>\n");
    }

    static String error(String message) {
        return page("Task signer: cannot sign", "<h1>Nothing can be signed</h1>\n<p class=\"alert\" id=\"error\">" + esc(message) + "</p>\n");
    }

    private static String title(String kind) {
        return switch (kind) {
            case TaskSpec.KIND -> "Sign a task";
            case StandardChangeSpec.KIND -> "Sign a standard change";
            case KeyringEntrySpec.KIND -> "Endorse a passkey";
            default -> "Sign";
        };
    }

    private static String summary(SigningPage.Request r) {
        return switch (r.fields().kind()) {
            // Only counts, times and the signer's own words here: names come from the server and are shown in the table.
            case TaskSpec.KIND -> {
                long devices = r.fields().fields().stream().filter(f -> f.getKey().equals("device")).count();
                yield "Run the script below on " + devices + (devices == 1 ? " device" : " devices") + " of one client, between "
                        + time(r.field("notBefore")) + " and " + time(r.field("notAfter")) + ".";
            }
            case StandardChangeSpec.KIND -> "Pre-approve the script below as a standard change for "
                    + (r.field("scope").isEmpty() ? "every client" : "one client") + " until " + time(r.field("notAfter"))
                    + ": technicians may then run it with the allowed values below without another approval, and alerts may run it.";
            case KeyringEntrySpec.KIND -> "Trust the passkey below to request tasks. You vouch that it is this person's alone; you will "
                    + "never be able to approve tasks it requests (another approver must).";
            default -> "";
        };
    }

    private static String row(String key, String value) {
        // Statement values are percent-decoded, so they may hold anything; the table shows every character.
        String shown = EPOCH_FIELDS.contains(key) && value.matches("-?\\d{1,15}") ? value + " (" + time(value) + ")" : value;
        return "<tr><th>" + esc(key) + "</th><td data-field=\"" + esc(key) + "\">" + (shown.isEmpty() ? "<span class=\"muted\">(none)</span>" : shown(shown))
                + "</td></tr>\n";
    }

    private static String time(String epochSeconds) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(epochSeconds)) + " UTC";
        } catch (RuntimeException e) {
            return epochSeconds;
        }
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/sign.css\"><script src=\"/sign.js\" defer></script></head>\n"
                + "<body><header>Steward task signer</header><main>\n" + body + "</main></body></html>\n";
    }

    /** Escaped, with characters that hide or reorder text made visible as their code points. */
    static String shown(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (invisible(c)) {
                out.append(String.format("\u27e8U+%04X\u27e9", c));
            } else {
                out.append(esc(Character.toString(c)));
            }
        });
        return out.toString();
    }

    private static boolean hidden(SigningPage.Request r) {
        return r.fields().fields().stream().anyMatch(f -> f.getValue().codePoints().anyMatch(StatementPage::invisible))
                || r.scriptBody() != null && r.scriptBody().codePoints().anyMatch(StatementPage::invisible);
    }

    /** Format characters (bidi overrides and isolates, zero-width ones) and controls other than newline and tab. */
    static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.CONTROL && c != '\n' && c != '\t' || c == 0x2028 || c == 0x2029;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
