package io.steward.protocol.task;

/**
 * A WebAuthn assertion as the browser (navigator.credentials.get) returns it, every field base64url without
 * padding. Its clientDataJSON carries the challenge, which for Steward's approvals is the digest of the statement
 * signed ({@link TaskSpec#challenge()}, {@link StandardChangeSpec#challenge()}, {@link KeyringEntrySpec#challenge()}).
 */
public record PasskeyAssertion(String credentialId, String authenticatorData, String clientDataJson, String signature, String userHandle) {
}
