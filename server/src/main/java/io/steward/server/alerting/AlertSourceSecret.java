package io.steward.server.alerting;

/** A source with its new secret, returned once at creation or rotation: Steward cannot show it again. */
public record AlertSourceSecret(AlertSource source, String secret) {
}
