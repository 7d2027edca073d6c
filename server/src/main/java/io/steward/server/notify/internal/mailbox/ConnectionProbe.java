package io.steward.server.notify.internal.mailbox;

import java.time.Instant;

/**
 * What one connection attempt with a mailbox's stored settings found ("test connection now").
 *
 * @param ok            whether Steward connected, signed in and opened the folder
 * @param message       what happened, in words; on failure the server's or the network's own message
 * @param idleSupported whether the server offers IDLE (null when the attempt failed)
 * @param messages      messages in the folder (null when the attempt failed)
 * @param unseen        of them, not yet seen (null when the attempt failed)
 * @param millis        how long the attempt took
 */
public record ConnectionProbe(boolean ok, String message, Boolean idleSupported, Integer messages, Integer unseen, long millis, Instant at) {
}
