/** Inbound mail to tickets: IMAP arrival to ticket, measured against the packaged server. */
package io.steward.bench.mailin;
