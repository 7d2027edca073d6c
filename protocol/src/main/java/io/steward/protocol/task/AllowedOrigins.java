package io.steward.protocol.task;

import java.util.List;

/**
 * The origins whose pages may produce passkey assertions, as the server's {@code steward.identity.webauthn.origins} and
 * the signer's host settings list them: exact {@code scheme://host[:port]} entries, or an entry ending in {@code :*} for
 * any port of that scheme and host (a server reached as localhost on a chosen port). One rule for both, so they can
 * never disagree on what an entry means.
 */
public final class AllowedOrigins {
    private final List<String> entries;

    public AllowedOrigins(List<String> entries) {
        this.entries = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        for (String a : entries) {
            if (a.endsWith(":*")) {
                String prefix = a.substring(0, a.length() - 1);
                if (origin.equals(a.substring(0, a.length() - 2))
                        || origin.startsWith(prefix) && origin.substring(prefix.length()).matches("[0-9]{1,5}")) {
                    return true;
                }
            } else if (a.equals(origin)) {
                return true;
            }
        }
        return false;
    }
}
