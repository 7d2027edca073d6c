package io.steward.server.e2e;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Chrome's virtual authenticator for browser tests that register or use passkeys: a CTAP2 platform authenticator
 * that keeps discoverable (resident) credentials and verifies its user (as a PIN or fingerprint would) without any
 * prompt. http://localhost is a secure context, so WebAuthn works against the test server as it is.
 * <p>
 * One authenticator holds one person's passkeys: with two people in one browser, remove the first's
 * ({@link #remove}) before adding the second's, or each sign-in could be offered the other person's passkey.
 */
final class VirtualPasskeys {
    private VirtualPasskeys() {
    }

    /** Adds a user-verifying platform authenticator to the driver (a ChromeDriver); every later WebAuthn call uses it. */
    static VirtualAuthenticator add(WebDriver driver) {
        VirtualAuthenticatorOptions options = new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true);
        return ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(options);
    }

    /** Removes the authenticator (and the passkeys it holds) from the driver. */
    static void remove(WebDriver driver, VirtualAuthenticator authenticator) {
        ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(authenticator);
    }
}
