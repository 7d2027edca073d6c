-- Issue 15, the ticket page. A person resolving a ticket says how it was resolved: the note is kept on the ticket
-- (the last one given, shown on the ticket and in the portal) and also sent to the client as a public reply.
ALTER TABLE ticket ADD COLUMN resolution_note text CHECK (length(resolution_note) <= 10000);

-- A technician's running time timer on a ticket, kept on the server so it survives a reload or another browser.
-- The service lets a user run one timer at a time; the key allows one per ticket so that a timer on a client the
-- user can no longer see (hidden by row-level security) never blocks a new one.
CREATE TABLE ticket_timer (
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    ticket_id  uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id  uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, ticket_id)
);
CREATE INDEX ticket_timer_ticket_idx ON ticket_timer (ticket_id);
ALTER TABLE ticket_timer ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_timer FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_timer_tenant ON ticket_timer USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
