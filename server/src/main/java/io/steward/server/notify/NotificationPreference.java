package io.steward.server.notify;

/** A user's choice for one kind: shown in the app, and sent by email (stored now; email delivery comes with the channels work). */
public record NotificationPreference(String kind, String label, String description, boolean inApp, boolean email) {
}
