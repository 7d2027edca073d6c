-- Delivery of the mail outbox (issue 16). A node claims due rows by setting status SENDING, its own claim token and a
-- lease (next_attempt_at = when the claim runs out); a node that dies leaves the lease to run out and another node
-- retakes the row. Marks after sending check the token, so a node whose lease ran out cannot overwrite the outcome of
-- the node that retook the row.
ALTER TABLE mail_outbox ADD COLUMN claim uuid;

-- Addresses Steward no longer sends to: a permanent SMTP refusal (5xx to RCPT) or a bounce report (MailBounced).
-- The MSP's own list, not tenant data. Stored in lower case, so one address is one row whatever its spelling.
CREATE TABLE mail_suppression (
    address text        PRIMARY KEY CHECK (length(address) BETWEEN 3 AND 320 AND address = lower(address)),
    reason  text        NOT NULL CHECK (length(reason) <= 2000),
    at      timestamptz NOT NULL
);
