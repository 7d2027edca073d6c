-- Linked tickets (an incident caused by a problem, or merely related) and staff watching tickets.
CREATE TABLE ticket_link (
    ticket_id        uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    linked_id        uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    linked_client_id uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    kind             text        NOT NULL CHECK (kind IN ('CAUSED_BY', 'RELATES_TO')),
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (ticket_id, linked_id),
    CHECK (ticket_id <> linked_id)
);
CREATE INDEX ticket_link_linked_idx ON ticket_link (linked_id);
-- A link is visible only to whoever sees both tickets (a problem may span clients).
ALTER TABLE ticket_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_link FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_link_tenant ON ticket_link
    USING (steward_sees_client(client_id) AND steward_sees_client(linked_client_id))
    WITH CHECK (steward_sees_client(client_id) AND steward_sees_client(linked_client_id));

CREATE TABLE ticket_watcher (
    ticket_id uuid NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (ticket_id, user_id)
);
ALTER TABLE ticket_watcher ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_watcher FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_watcher_tenant ON ticket_watcher USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
