-- Change management: the plan, risk, window and approvals of tickets of type CHANGE.
CREATE TABLE change_request (
    ticket_id           uuid PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE,
    client_id           uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    stage               text        NOT NULL CHECK (stage IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'SCHEDULED', 'IMPLEMENTED', 'REVIEWED')),
    risk                text        NOT NULL DEFAULT 'MEDIUM' CHECK (risk IN ('LOW', 'MEDIUM', 'HIGH')),
    implementation_plan text        NOT NULL DEFAULT '',
    backout_plan        text        NOT NULL DEFAULT '',
    approvals_required  smallint    NOT NULL DEFAULT 1 CHECK (approvals_required BETWEEN 1 AND 5),
    requested_by        uuid,
    window_start        timestamptz,
    window_end          timestamptz,
    CHECK (window_end IS NULL OR window_end > window_start)
);
CREATE INDEX change_request_window_idx ON change_request (window_start) WHERE stage IN ('SCHEDULED', 'IMPLEMENTED');

CREATE TABLE change_approval (
    ticket_id     uuid        NOT NULL REFERENCES change_request (ticket_id) ON DELETE CASCADE,
    client_id     uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    approver_id   uuid        NOT NULL,
    approver_name text        NOT NULL,
    client_side   boolean     NOT NULL,
    decision      text        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
    comment       text        NOT NULL DEFAULT '',
    decided_at    timestamptz NOT NULL,
    PRIMARY KEY (ticket_id, approver_id)
);

ALTER TABLE change_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_request FORCE ROW LEVEL SECURITY;
CREATE POLICY change_request_tenant ON change_request USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE change_approval ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_approval FORCE ROW LEVEL SECURITY;
CREATE POLICY change_approval_tenant ON change_approval USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
