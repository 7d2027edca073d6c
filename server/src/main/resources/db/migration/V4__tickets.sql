-- Service desk tickets with their full history. Tickets, their events and time entries belong to
-- a client and carry row-level security.

CREATE TABLE priority_matrix (
    impact   smallint NOT NULL CHECK (impact BETWEEN 1 AND 3),
    urgency  smallint NOT NULL CHECK (urgency BETWEEN 1 AND 3),
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    PRIMARY KEY (impact, urgency)
);
-- 1 = high, 2 = medium, 3 = low
INSERT INTO priority_matrix VALUES (1, 1, 1), (1, 2, 2), (1, 3, 3), (2, 1, 2), (2, 2, 3), (2, 3, 4), (3, 1, 3), (3, 2, 4), (3, 3, 4);

CREATE TABLE ticket (
    id                    uuid PRIMARY KEY,
    number                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    client_id             uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id               uuid REFERENCES site (id) ON DELETE SET NULL,
    requester_id          uuid REFERENCES contact (id) ON DELETE SET NULL,
    type                  text        NOT NULL CHECK (type IN ('INCIDENT', 'SERVICE_REQUEST', 'CHANGE', 'PROBLEM')),
    title                 text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description           text        NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
    category              text        NOT NULL DEFAULT '',
    impact                smallint    NOT NULL CHECK (impact BETWEEN 1 AND 3),
    urgency               smallint    NOT NULL CHECK (urgency BETWEEN 1 AND 3),
    priority              smallint    NOT NULL CHECK (priority BETWEEN 1 AND 4),
    priority_reason       text,
    status                text        NOT NULL CHECK (status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CLIENT', 'RESOLVED', 'CLOSED')),
    tier                  smallint    NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 3),
    assignee_id           uuid REFERENCES app_user (id) ON DELETE SET NULL,
    source                text        NOT NULL CHECK (source IN ('PORTAL', 'API', 'PHONE', 'EMAIL', 'ALERT', 'WEB')),
    opened_at             timestamptz NOT NULL,
    first_response_at     timestamptz,
    resolved_at           timestamptz,
    closed_at             timestamptz,
    -- The SLA as last computed from the ticket's history (see SlaClock), kept for sorting and filtering.
    sla_response_due      timestamptz,
    sla_resolution_due    timestamptz,
    sla_warn_at           timestamptz,
    sla_state             text        NOT NULL DEFAULT 'NONE',
    sla_breached_at       timestamptz,
    search                tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || left(description, 20000))) STORED,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               integer     NOT NULL DEFAULT 0
);
CREATE INDEX ticket_client_status_idx ON ticket (client_id, status);
CREATE INDEX ticket_queue_idx ON ticket (tier, status, sla_resolution_due);
CREATE INDEX ticket_assignee_idx ON ticket (assignee_id, status);
CREATE INDEX ticket_open_due_idx ON ticket (sla_resolution_due) WHERE status NOT IN ('RESOLVED', 'CLOSED');
CREATE INDEX ticket_search_idx ON ticket USING gin (search);

CREATE TABLE ticket_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id  uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id  uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL,
    actor_id   uuid,
    actor      text        NOT NULL,
    staff      boolean     NOT NULL,
    kind       text        NOT NULL,
    field      text,
    old_value  text,
    new_value  text,
    body       text
);
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);

ALTER TABLE ticket ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_tenant ON ticket USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

ALTER TABLE ticket_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_event FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_event_tenant ON ticket_event USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
