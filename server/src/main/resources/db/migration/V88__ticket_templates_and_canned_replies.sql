-- Ticket templates and canned replies (issue 15), and merged duplicates as a link kind.

-- A template prefills the staff new-ticket form: MSP-wide (no client) or for one client only.
CREATE TABLE ticket_template (
    id                uuid PRIMARY KEY,
    -- NULL: offered for every client.
    client_id         uuid REFERENCES client (id) ON DELETE CASCADE,
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    type              text        NOT NULL CHECK (type IN ('INCIDENT', 'SERVICE_REQUEST', 'CHANGE', 'PROBLEM')),
    title             text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       text        NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    category          text        NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    impact            text        NOT NULL CHECK (impact IN ('LOW', 'MEDIUM', 'HIGH')),
    urgency           text        NOT NULL CHECK (urgency IN ('LOW', 'MEDIUM', 'HIGH')),
    -- NULL: the priority follows from impact and urgency when the ticket is raised.
    priority_override text CHECK (priority_override IN ('P1', 'P2', 'P3', 'P4')),
    priority_reason   text        NOT NULL DEFAULT '' CHECK (length(priority_reason) <= 500),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           integer     NOT NULL DEFAULT 0,
    CHECK (priority_override IS NULL OR priority_reason <> '')
);
-- One name per client, and one among the MSP-wide templates.
CREATE UNIQUE INDEX ticket_template_name_idx ON ticket_template (coalesce(client_id, '00000000-0000-0000-0000-000000000000'), lower(name));
CREATE INDEX ticket_template_client_idx ON ticket_template (client_id);
-- A client's templates are that client's; the MSP-wide ones are read by every scope.
ALTER TABLE ticket_template ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_template FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_template_tenant ON ticket_template
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));

-- Canned replies are the MSP's own wording, for every client; they name no client data until expanded for a ticket.
CREATE TABLE canned_reply (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX canned_reply_name_idx ON canned_reply (lower(name));

-- A merged duplicate points at the ticket that survived the merge.
ALTER TABLE ticket_link DROP CONSTRAINT ticket_link_kind_check;
ALTER TABLE ticket_link ADD CONSTRAINT ticket_link_kind_check CHECK (kind IN ('CAUSED_BY', 'RELATES_TO', 'DUPLICATE_OF'));
