-- Endpoint enrollment, the device registry and the agent channel's replay guard.
CREATE TABLE enrollment_token (
    id           uuid PRIMARY KEY,
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id      uuid REFERENCES site (id) ON DELETE SET NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   text        NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    max_uses     integer     NOT NULL CHECK (max_uses BETWEEN 1 AND 100000),
    uses         integer     NOT NULL DEFAULT 0,
    auto_approve boolean     NOT NULL,
    revoked_at   timestamptz,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX enrollment_token_client_idx ON enrollment_token (client_id);

CREATE TABLE device (
    id              uuid PRIMARY KEY,
    client_id       uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id         uuid REFERENCES site (id) ON DELETE SET NULL,
    hostname        text        NOT NULL,
    os              text        NOT NULL DEFAULT '',
    agent_version   text        NOT NULL DEFAULT '',
    public_key      text        NOT NULL,
    key_fingerprint text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'RETIRED')),
    criticality     text        NOT NULL DEFAULT 'NORMAL' CHECK (criticality IN ('LOW', 'NORMAL', 'HIGH', 'CRITICAL')),
    -- Why a technician should look twice, e.g. the same key enrolled from two hosts.
    flag            text,
    enrolled_via    uuid REFERENCES enrollment_token (id) ON DELETE SET NULL,
    enrolled_at     timestamptz NOT NULL,
    approved_at     timestamptz,
    approved_by     text,
    last_seen_at    timestamptz,
    inventory       jsonb,
    inventory_at    timestamptz
);
CREATE INDEX device_client_idx ON device (client_id, status);
CREATE INDEX device_key_idx ON device (key_fingerprint);

-- Every signed agent message once: (device, seq) makes delivery idempotent and replays visible.
CREATE TABLE agent_message (
    device_id   uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- The latest value of every metric of every device (rollups and history come with the ingest pipeline).
CREATE TABLE metric_latest (
    device_id   uuid             NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid             NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    metric      text             NOT NULL,
    instance    text             NOT NULL,
    value       double precision NOT NULL,
    unit        text             NOT NULL,
    sampled_at  timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    PRIMARY KEY (device_id, metric, instance)
);

ALTER TABLE enrollment_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrollment_token FORCE ROW LEVEL SECURITY;
CREATE POLICY enrollment_token_tenant ON enrollment_token USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE device ENABLE ROW LEVEL SECURITY;
ALTER TABLE device FORCE ROW LEVEL SECURITY;
CREATE POLICY device_tenant ON device USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE agent_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_message FORCE ROW LEVEL SECURITY;
CREATE POLICY agent_message_tenant ON agent_message USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE metric_latest ENABLE ROW LEVEL SECURITY;
ALTER TABLE metric_latest FORCE ROW LEVEL SECURITY;
CREATE POLICY metric_latest_tenant ON metric_latest USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
