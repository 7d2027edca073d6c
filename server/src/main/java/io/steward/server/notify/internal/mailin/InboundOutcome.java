package io.steward.server.notify.internal.mailin;

import java.util.EnumSet;
import java.util.Set;

/** What became of an inbound mail. */
public enum InboundOutcome {
    /** Being processed: seen only while the mail's transaction runs, or after a crash in between. */
    PROCESSING,
    TICKET_CREATED,
    REPLY_ADDED,
    /** Waits for a person: unknown or untrusted sender, or nothing to decide by. */
    TRIAGE,
    /** Sent by a machine (out-of-office, list, daemon): opens nothing, never answered. */
    AUTO_IGNORED,
    /** A delivery status notification or a mail with the null reverse path. */
    BOUNCE,
    TOO_LARGE,
    RATE_LIMITED,
    /** Processing threw: kept with the reason. */
    FAILED,
    /** The same Message-ID arrived in another mailbox and was handled there. */
    DUPLICATE,
    /** A person looked at it and chose to do nothing. */
    DISCARDED,
    /** Mail from the mailbox's own address (its self-test): the mailbox side's business. */
    OWN_MAIL;

    /** The outcomes a person can still act on from the triage list. */
    public static final Set<InboundOutcome> OPEN = EnumSet.of(TRIAGE, FAILED, TOO_LARGE, RATE_LIMITED);

    public boolean open() {
        return OPEN.contains(this);
    }
}
