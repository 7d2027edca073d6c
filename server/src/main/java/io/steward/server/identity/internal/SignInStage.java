package io.steward.server.identity.internal;

/**
 * How far a signed-in session has come. Only {@link #COMPLETE} carries the user's role; the
 * others grant exactly one page each, so a half-finished sign-in can reach nothing else.
 */
public enum SignInStage {
    /** Password accepted; the authenticator code (or a recovery code) is still due. */
    MFA_CHALLENGE("/login/mfa"),
    /** The password was issued by someone else and must be replaced first. */
    PASSWORD_CHANGE("/account/password"),
    /** The role requires MFA and none is set up yet. */
    MFA_ENROLL("/account/mfa"),
    COMPLETE("/");

    private final String page;

    SignInStage(String page) {
        this.page = page;
    }

    public String page() {
        return page;
    }

    public String authority() {
        return "STAGE_" + name();
    }
}
