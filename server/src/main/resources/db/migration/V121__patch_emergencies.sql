-- Emergency cycles (issue 18): a technician names a CVE for a client; every device of the client exposed to it (an
-- available update fixes it) is tracked until it is patched (a scan no longer offers such an update) or excepted with
-- a reason. One open cycle per client and CVE; it closes when no device is left.
CREATE TABLE patch_emergency (
    id        uuid        PRIMARY KEY,
    client_id uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    cve       text        NOT NULL CHECK (cve ~ '^CVE-[0-9]{4}-[0-9]{4,9}$'),
    opened_at timestamptz NOT NULL,
    opened_by text        NOT NULL,
    closed_at timestamptz
);
CREATE UNIQUE INDEX patch_emergency_open_idx ON patch_emergency (client_id, cve) WHERE closed_at IS NULL;
CREATE INDEX patch_emergency_client_idx ON patch_emergency (client_id, opened_at);
ALTER TABLE patch_emergency ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_emergency FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_emergency_tenant ON patch_emergency USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

CREATE TABLE patch_emergency_device (
    emergency_id    uuid        NOT NULL REFERENCES patch_emergency (id) ON DELETE CASCADE,
    device_id       uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id       uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    exposed_since   timestamptz NOT NULL,
    remediated_at   timestamptz,
    excepted_reason text,
    excepted_by     text,
    excepted_at     timestamptz,
    PRIMARY KEY (emergency_id, device_id)
);
CREATE INDEX patch_emergency_device_device_idx ON patch_emergency_device (device_id) WHERE remediated_at IS NULL;
ALTER TABLE patch_emergency_device ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_emergency_device FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_emergency_device_tenant ON patch_emergency_device USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
