-- Inbound mail (issue 16): every mail fetched from a mailbox is one row, kept with its raw bytes whatever became of it,
-- so nothing is lost and a mail that could not be processed can be shown, downloaded and handled by a person.
CREATE TABLE inbound_mail (
    id            uuid PRIMARY KEY,
    -- The mailbox it came from; no foreign key: the mailbox table is the mailbox side's, and a mail outlives its mailbox.
    mailbox_id    uuid        NOT NULL,
    -- The Message-ID as sent (with angle brackets), or NULL when the mail has none.
    message_id    text CHECK (length(message_id) <= 998),
    -- SHA-256 of the raw bytes: what makes a mail without a Message-ID the same mail when fetched twice.
    sha256        text        NOT NULL CHECK (length(sha256) = 64),
    from_address  text        NOT NULL DEFAULT '' CHECK (length(from_address) <= 320),
    from_name     text        NOT NULL DEFAULT '' CHECK (length(from_name) <= 200),
    subject       text        NOT NULL DEFAULT '' CHECK (length(subject) <= 998),
    received_at   timestamptz NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    raw           bytea       NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('PROCESSING', 'TICKET_CREATED', 'REPLY_ADDED', 'TRIAGE', 'AUTO_IGNORED', 'BOUNCE',
                                                          'TOO_LARGE', 'RATE_LIMITED', 'FAILED', 'DUPLICATE', 'DISCARDED', 'OWN_MAIL')),
    -- Why, in words for the triage list ("unknown sender", "no aligned DMARC pass", the exception's message, ...).
    reason        text        NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    ticket_id     uuid REFERENCES ticket (id) ON DELETE SET NULL,
    -- The client the mail is for when known (a bound mailbox, a known contact, a ticket); NULL: nobody's yet, seen
    -- only by staff who see every client.
    client_id     uuid REFERENCES client (id) ON DELETE CASCADE,
    handled_by    text CHECK (length(handled_by) <= 200),
    handled_at    timestamptz
);
CREATE UNIQUE INDEX inbound_mail_message_idx ON inbound_mail (mailbox_id, message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX inbound_mail_bytes_idx ON inbound_mail (mailbox_id, sha256) WHERE message_id IS NULL;
-- Threading looks a reply's In-Reply-To/References up among the mails of tickets.
CREATE INDEX inbound_mail_thread_idx ON inbound_mail (message_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX inbound_mail_outcome_idx ON inbound_mail (outcome, received_at DESC);
-- The per-sender rate limit counts a sender's recent mails.
CREATE INDEX inbound_mail_sender_idx ON inbound_mail (lower(from_address), received_at DESC);
ALTER TABLE inbound_mail ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbound_mail FORCE ROW LEVEL SECURITY;
-- steward_sees_client(NULL) holds only for a scope of every client: mail of no known client is not a scoped technician's.
CREATE POLICY inbound_mail_tenant ON inbound_mail USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Every arriving mail looks its sender up among the contacts by address.
CREATE INDEX IF NOT EXISTS contact_email_lower_idx ON contact (lower(email));
