package io.steward.server.notify.internal.webhook;

/**
 * How a delivery's body is written: STANDARD is Steward's documented JSON, signed by the Standard Webhooks rules; SLACK
 * is an incoming-webhook message (text and blocks); TEAMS a Workflows message carrying an Adaptive Card. Slack and Teams
 * get no signature headers, which they would not read.
 */
public enum WebhookFormat {
    STANDARD, SLACK, TEAMS;

    public boolean signed() {
        return this == STANDARD;
    }
}
