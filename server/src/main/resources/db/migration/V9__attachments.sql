-- Files attached to tickets. The bytes live under $STEWARD_HOME/attachments with names the server
-- makes (the row id); the name the uploader gave is kept only for display and download.
CREATE TABLE attachment (
    id           uuid PRIMARY KEY,
    ticket_id    uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    file_name    text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    size_bytes   bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256       text        NOT NULL,
    uploaded_by  text        NOT NULL,
    staff        boolean     NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX attachment_ticket_idx ON attachment (ticket_id);
ALTER TABLE attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachment FORCE ROW LEVEL SECURITY;
CREATE POLICY attachment_tenant ON attachment USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
