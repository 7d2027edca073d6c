-- The mail outbox (issue 16): a message is a row committed in the same transaction as what it announces, and a
-- cluster-safe task delivers it, so a crash neither loses nor doubles it. The Message-ID is made when the row is
-- written and never changes, so a retry after a crash carries the same Message-ID as any earlier attempt.
CREATE TABLE mail_outbox (
    id              uuid PRIMARY KEY,
    -- NULL: mail of the MSP itself (a mailbox's self-test, a staff notification about no client).
    client_id       uuid REFERENCES client (id) ON DELETE CASCADE,
    ticket_id       uuid REFERENCES ticket (id) ON DELETE SET NULL,
    -- What the mail is (TICKET_CREATED, PUBLIC_REPLY, SLA_WARNING, MAILBOX_SELF_TEST, ...): for the delivery log and
    -- for per-user preferences; the outbox itself does not interpret it.
    kind            text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
    recipient_name  text        NOT NULL DEFAULT '' CHECK (length(recipient_name) <= 200),
    subject         text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 998),
    text_body       text        NOT NULL,
    html_body       text,
    message_id      text        NOT NULL UNIQUE CHECK (length(message_id) BETWEEN 5 AND 250),
    in_reply_to     text CHECK (length(in_reply_to) <= 998),
    -- Space-separated Message-IDs for the References header.
    reference_ids   text        NOT NULL DEFAULT '' CHECK (length(reference_ids) <= 4000),
    -- Automatic mail carries Auto-Submitted: auto-generated and X-Auto-Response-Suppress: All.
    automatic       boolean     NOT NULL,
    status          text        NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'BOUNCED', 'SUPPRESSED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text CHECK (length(last_error) <= 2000),
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('QUEUED', 'SENDING');
CREATE INDEX mail_outbox_ticket_idx ON mail_outbox (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC);
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY mail_outbox_tenant ON mail_outbox
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));
