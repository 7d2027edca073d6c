package io.steward.signer;

/**
 * The signer says no: a rule was not met. The reason goes back to the server (HTTP 403) and into the signer's log;
 * nothing was signed or changed.
 */
public final class Refusal extends RuntimeException {
    public Refusal(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
