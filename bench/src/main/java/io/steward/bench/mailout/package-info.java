/** Outbound notifications per second through the mail outbox to an SMTP server on loopback. */
package io.steward.bench.mailout;
