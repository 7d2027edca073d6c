-- Compliance coverage (issue 19). The catalogues and the fact-to-control mapping are data files, not tables; these
-- hold what people decide and add per client: controls that do not apply (with the reason), findings (a failing control
-- with an owner and a due date, closed when it passes again or by a person with a note), and manual evidence (a note or
-- a document stored under a server-made name outside any web root, counting until it expires).
CREATE TABLE compliance_not_applicable (
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    framework   text        NOT NULL,
    control_id  text        NOT NULL,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, framework, control_id)
);
ALTER TABLE compliance_not_applicable ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance_not_applicable FORCE ROW LEVEL SECURITY;
CREATE POLICY compliance_not_applicable_tenant ON compliance_not_applicable
    USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

CREATE TABLE compliance_finding (
    id          uuid        PRIMARY KEY,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    framework   text        NOT NULL,
    control_id  text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('OPEN', 'CLOSED')),
    summary     text        NOT NULL,
    -- Opened by Steward for a failing control (closed by Steward when it passes again), or recorded by a person (closed by people only).
    automatic   boolean     NOT NULL,
    owner_id    uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    due_on      date        NOT NULL,
    opened_at   timestamptz NOT NULL,
    closed_at   timestamptz,
    closed_by   text,
    close_note  text,
    version     integer     NOT NULL DEFAULT 1
);
-- At most one open finding per control: the sweep and a person may race, the index decides.
CREATE UNIQUE INDEX compliance_finding_open_idx ON compliance_finding (client_id, framework, control_id) WHERE state = 'OPEN';
CREATE INDEX compliance_finding_client_idx ON compliance_finding (client_id, opened_at DESC);
ALTER TABLE compliance_finding ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance_finding FORCE ROW LEVEL SECURITY;
CREATE POLICY compliance_finding_tenant ON compliance_finding
    USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

CREATE TABLE compliance_manual_evidence (
    id          uuid        PRIMARY KEY,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    framework   text        NOT NULL,
    control_id  text        NOT NULL,
    note        text        NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
    file_name   text,
    file_size   bigint,
    file_sha256 text,
    added_by    text        NOT NULL,
    added_at    timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > added_at)
);
CREATE INDEX compliance_manual_evidence_client_idx ON compliance_manual_evidence (client_id, framework, control_id);
ALTER TABLE compliance_manual_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE compliance_manual_evidence FORCE ROW LEVEL SECURITY;
CREATE POLICY compliance_manual_evidence_tenant ON compliance_manual_evidence
    USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
