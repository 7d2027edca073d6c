package io.steward.server.automation;

/**
 * The task signer's signing page, as the signer itself reports it. People sign tasks, standard changes and keyring
 * entries there, never on Steward's own pages, and the signer accepts assertions from its origin only: a compromised
 * server can neither show a person one statement while their passkey signs another, nor reuse a sign-in.
 */
public interface SigningPage {

    /** Where a page posts a statement to have it signed, or "" while the signer cannot be reached. */
    String url();

    /** The page's origin (scheme://host:port), the one people's assertions must carry, or "" while the signer cannot be reached. */
    String origin();

    /**
     * A script's body as a signing form hands it to the page (base64url of its UTF-8; "" for none). The page refuses to
     * sign a task or standard change whose script it was not shown, or whose body does not hash to the signed hash.
     */
    static String encoded(String scriptBody) {
        return scriptBody == null ? "" : java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(scriptBody.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
