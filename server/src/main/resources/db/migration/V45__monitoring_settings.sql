-- What the agents of a client measure beyond the built-in collectors, and how often; one row per
-- client, absent until someone saves settings (the defaults apply until then).
CREATE TABLE monitoring_settings (
    client_id         uuid PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    metrics_seconds   integer     NOT NULL CHECK (metrics_seconds BETWEEN 10 AND 3600),
    -- NULL: the server's steward.devices.heartbeat-seconds.
    heartbeat_seconds integer CHECK (heartbeat_seconds BETWEEN 5 AND 3600),
    ping_hosts        jsonb       NOT NULL DEFAULT '[]',
    http_checks       jsonb       NOT NULL DEFAULT '[]',
    services          jsonb       NOT NULL DEFAULT '[]',
    version           integer     NOT NULL,
    updated_by        text        NOT NULL,
    updated_at        timestamptz NOT NULL
);
ALTER TABLE monitoring_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_settings_tenant ON monitoring_settings USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
