-- Automation (issue 17): the script library, tasks with their two-person passkey approvals, and each device's run.
-- Nothing here can make an agent run anything: agents run only orders signed by the signer, a separate process that
-- checks the approvals against its own keyring. These rows are the server's record of what was asked, approved,
-- signed and reported; a row inserted straight into them is refused by the signer or by the agent.

-- The MSP's script library. Scripts are the MSP's, not a client's; client_ids limits which clients' devices a script
-- may target (NULL: every client).
CREATE TABLE script (
    id                uuid PRIMARY KEY,
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description       text        NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    category          text        NOT NULL DEFAULT '' CHECK (length(category) <= 60),
    interpreter       text        NOT NULL CHECK (interpreter IN ('bash', 'sh', 'powershell', 'python')),
    operating_systems text[]      NOT NULL DEFAULT '{}',
    client_ids        uuid[],
    archived          boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL,
    created_by        uuid REFERENCES app_user (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX script_name_idx ON script (lower(name));

-- Versions never change: editing a script adds a version. sha256 is the hex SHA-256 of the body's UTF-8 bytes, the
-- identity people approve and agents verify. parameters: the typed definitions, a JSON array of
-- {name, label, type (STRING, INTEGER, BOOLEAN, CHOICE, SECRET), delivery (ARGUMENT, ENVIRONMENT; SECRET always
-- ENVIRONMENT), required, defaultValue, pattern, min, max, choices}.
CREATE TABLE script_version (
    id                 uuid PRIMARY KEY,
    script_id          uuid        NOT NULL REFERENCES script (id) ON DELETE CASCADE,
    number             integer     NOT NULL CHECK (number >= 1),
    sha256             text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    body               text        NOT NULL CHECK (length(body) BETWEEN 1 AND 262144),
    parameters         jsonb       NOT NULL DEFAULT '[]',
    timeout_seconds    integer     NOT NULL CHECK (timeout_seconds BETWEEN 1 AND 86400),
    output_limit_bytes integer     NOT NULL CHECK (output_limit_bytes BETWEEN 1024 AND 1048576),
    run_as             text        NOT NULL DEFAULT '' CHECK (length(run_as) <= 64),
    note               text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_at         timestamptz NOT NULL,
    created_by         uuid REFERENCES app_user (id) ON DELETE SET NULL,
    UNIQUE (script_id, number)
);
CREATE INDEX script_version_sha_idx ON script_version (sha256);

-- Standard (pre-approved) changes: one script version, its allowed values, a scope and an expiry, adopted by two
-- people's passkeys and then held by the signer itself. spec is the canonical StandardChangeSpec both signed;
-- state ACTIVE only once the signer adopted it.
CREATE TABLE standard_change (
    id                uuid PRIMARY KEY,
    script_version_id uuid        NOT NULL REFERENCES script_version (id) ON DELETE CASCADE,
    scope_client_id   uuid REFERENCES client (id) ON DELETE CASCADE,
    allowed           jsonb       NOT NULL DEFAULT '[]',
    max_timeout_seconds integer   NOT NULL CHECK (max_timeout_seconds BETWEEN 1 AND 86400),
    not_after         timestamptz NOT NULL,
    state             text        NOT NULL CHECK (state IN ('AWAITING_APPROVAL', 'ACTIVE', 'REJECTED', 'REVOKED', 'EXPIRED')),
    spec              bytea       NOT NULL,
    digest            bytea       NOT NULL CHECK (length(digest) = 32),
    requested_by      uuid        NOT NULL REFERENCES app_user (id),
    approved_by       uuid REFERENCES app_user (id),
    created_at        timestamptz NOT NULL,
    decided_at        timestamptz,
    reason            text CHECK (length(reason) <= 1000)
);
CREATE INDEX standard_change_version_idx ON standard_change (script_version_id);

-- A task: one script version with parameter values on a resolved set of one client's devices. spec is the
-- canonical TaskSpec people signed (its digest is their passkey challenge); target says how the devices were
-- chosen (DEVICES, GROUP, SITE, CLIENT and the id). Secret values are kept sealed in task_secret, never here.
CREATE TABLE task (
    id                  uuid PRIMARY KEY,
    number              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    client_id           uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    script_version_id   uuid        NOT NULL REFERENCES script_version (id),
    standard_change_id  uuid REFERENCES standard_change (id),
    parameters          jsonb       NOT NULL DEFAULT '[]',
    target_kind         text        NOT NULL CHECK (target_kind IN ('DEVICES', 'GROUP', 'SITE', 'CLIENT')),
    target_id           uuid,
    schedule            text        NOT NULL CHECK (schedule IN ('now', 'at', 'window')),
    not_before          timestamptz NOT NULL,
    not_after           timestamptz NOT NULL,
    max_concurrent      integer     NOT NULL CHECK (max_concurrent BETWEEN 1 AND 100000),
    stop_after_failures integer     NOT NULL CHECK (stop_after_failures BETWEEN 0 AND 100000),
    state               text        NOT NULL CHECK (state IN ('AWAITING_APPROVAL', 'REJECTED', 'APPROVED', 'RUNNING', 'DONE',
                                                              'STOPPED', 'CANCELLED', 'EXPIRED')),
    spec                bytea       NOT NULL,
    digest              bytea       NOT NULL CHECK (length(digest) = 32),
    requested_by        uuid        NOT NULL REFERENCES app_user (id),
    approved_by         uuid REFERENCES app_user (id),
    ticket_id           uuid REFERENCES ticket (id) ON DELETE SET NULL,
    -- Set for a remediation run: the alert that started it.
    alert_id            uuid,
    reason              text CHECK (length(reason) <= 1000),
    created_at          timestamptz NOT NULL,
    decided_at          timestamptz,
    finished_at         timestamptz
);
CREATE INDEX task_client_idx ON task (client_id, created_at DESC);
CREATE INDEX task_state_idx ON task (state) WHERE state IN ('AWAITING_APPROVAL', 'APPROVED', 'RUNNING');
CREATE INDEX task_ticket_idx ON task (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX task_version_idx ON task (script_version_id);
CREATE INDEX task_standard_idx ON task (standard_change_id) WHERE standard_change_id IS NOT NULL;
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
ALTER TABLE task FORCE ROW LEVEL SECURITY;
CREATE POLICY task_tenant ON task USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The passkey assertions people gave for a task (REQUEST by the requester, APPROVE by the approver), kept as
-- evidence and forwarded to the signer, which verifies them against its own keyring.
CREATE TABLE task_assertion (
    task_id            uuid        NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    client_id          uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    purpose            text        NOT NULL CHECK (purpose IN ('REQUEST', 'APPROVE')),
    user_id            uuid        NOT NULL REFERENCES app_user (id),
    credential_id      text        NOT NULL,
    authenticator_data text        NOT NULL,
    client_data_json   text        NOT NULL,
    signature          text        NOT NULL,
    user_handle        text,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (task_id, purpose)
);
ALTER TABLE task_assertion ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_assertion FORCE ROW LEVEL SECURITY;
CREATE POLICY task_assertion_tenant ON task_assertion USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Secret parameter values, sealed with the server's SecretBox; delivered to the agent beside the signed order (which
-- carries only their hashes) and deleted when the task ends.
CREATE TABLE task_secret (
    task_id   uuid  NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    client_id uuid  NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name      text  NOT NULL,
    sealed    bytea NOT NULL,
    PRIMARY KEY (task_id, name)
);
ALTER TABLE task_secret ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_secret FORCE ROW LEVEL SECURITY;
CREATE POLICY task_secret_tenant ON task_secret USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- One device's run of a task. signed_order is the signer's SignedOrder (order and signature, base64) once the task
-- was signed; the agent refuses anything else. Output is the tail the agent kept, with the full byte counts and
-- hashes it reported.
CREATE TABLE task_run (
    task_id          uuid        NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    device_id        uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    state            text        NOT NULL CHECK (state IN ('PENDING', 'QUEUED', 'DELIVERED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                                                           'TIMED_OUT', 'CANCELLED', 'REFUSED', 'EXPIRED')),
    order_payload    text,
    order_signature  text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    queued_at        timestamptz,
    delivered_at     timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    exit_code        integer,
    duration_ms      bigint,
    stdout_tail      text,
    stderr_tail      text,
    stdout_bytes     bigint,
    stderr_bytes     bigint,
    stdout_sha256    text,
    stderr_sha256    text,
    reason           text CHECK (length(reason) <= 1000),
    PRIMARY KEY (task_id, device_id)
);
CREATE INDEX task_run_device_idx ON task_run (device_id, queued_at DESC);
CREATE INDEX task_run_open_idx ON task_run (device_id) WHERE state IN ('QUEUED', 'DELIVERED', 'RUNNING');
ALTER TABLE task_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_run FORCE ROW LEVEL SECURITY;
CREATE POLICY task_run_tenant ON task_run USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
