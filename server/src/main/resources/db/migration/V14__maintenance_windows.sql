-- Maintenance windows: problems that start inside one are recorded but page nobody and open no incident.
CREATE TABLE maintenance_window (
    id         uuid PRIMARY KEY,
    client_id  uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    -- NULL: every device of the client.
    device_id  uuid REFERENCES device (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_window_client_idx ON maintenance_window (client_id, ends_at);
ALTER TABLE maintenance_window ENABLE ROW LEVEL SECURITY;
ALTER TABLE maintenance_window FORCE ROW LEVEL SECURITY;
CREATE POLICY maintenance_window_tenant ON maintenance_window USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

ALTER TABLE alert ADD COLUMN suppressed_by uuid REFERENCES maintenance_window (id) ON DELETE SET NULL;
