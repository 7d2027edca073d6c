package io.steward.signer.rules;

import java.util.List;

/**
 * The origins whose pages may produce assertions the signer accepts, as its host configured them: exact
 * {@code scheme://host[:port]} entries, or an entry ending in {@code :*} for any port of that scheme and host (as the
 * server's own {@code steward.identity.webauthn.origins} allows, for a server reached as localhost on a chosen port).
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
