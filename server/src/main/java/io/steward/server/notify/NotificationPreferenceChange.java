package io.steward.server.notify;

/** A new choice for one kind; a null channel keeps what it was. */
public record NotificationPreferenceChange(String kind, Boolean inApp, Boolean email) {
}
