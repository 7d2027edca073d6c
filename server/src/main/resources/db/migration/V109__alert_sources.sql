-- Inbound alerts from other monitors (issue 16): a client's alert sources (Prometheus Alertmanager, Uptime Kuma or a
-- generic JSON sender), each with its own URL and secret, and the alerts they sent. The secret is shown once and kept
-- only as its SHA-256 hash: a leaked database lets nobody post alerts. The source, never the body, says whose alert it is.
CREATE TABLE alert_source (
    id               uuid PRIMARY KEY,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    kind             text        NOT NULL CHECK (kind IN ('ALERTMANAGER', 'UPTIME_KUMA', 'GENERIC')),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash      bytea       NOT NULL CHECK (length(secret_hash) = 32),
    enabled          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    secret_set_at    timestamptz NOT NULL,
    last_received_at timestamptz,
    -- Why the last request that carried the right secret was refused (malformed body, too large), cleared by the next good one.
    last_error       text CHECK (length(last_error) <= 1000),
    last_error_at    timestamptz
);
CREATE INDEX alert_source_client_idx ON alert_source (client_id);
ALTER TABLE alert_source ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_source FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_source_tenant ON alert_source USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- One row per occurrence of an alert of another monitor: open while it fires, resolved when the source says so. At most one
-- open per (source, fingerprint), so a repeated firing is a repeat, never a second incident. starts_at is the source's own
-- start (Alertmanager's startsAt, Uptime Kuma's heartbeat time), so detection figures measure from when the problem began;
-- received_at is when Steward heard of it.
CREATE TABLE external_alert (
    id               uuid PRIMARY KEY,
    source_id        uuid        NOT NULL REFERENCES alert_source (id) ON DELETE CASCADE,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    -- NULL: no device of the client matched the alert's host; the incident is the client's.
    device_id        uuid REFERENCES device (id) ON DELETE SET NULL,
    fingerprint      text        NOT NULL CHECK (length(fingerprint) BETWEEN 1 AND 200),
    state            text        NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text        NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    severity         text        NOT NULL CHECK (severity IN ('CRITICAL', 'WARNING', 'INFO')),
    host             text CHECK (length(host) <= 255),
    starts_at        timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    last_received_at timestamptz NOT NULL,
    repeats          integer     NOT NULL DEFAULT 0,
    resolved_at      timestamptz,
    ticket_id        uuid REFERENCES ticket (id) ON DELETE SET NULL,
    -- The maintenance window it started in: recorded, but it paged nobody and opened no incident, as for Steward's own alerts.
    suppressed_by    uuid REFERENCES maintenance_window (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX external_alert_one_open_idx ON external_alert (source_id, fingerprint) WHERE state = 'OPEN';
CREATE INDEX external_alert_fingerprint_idx ON external_alert (source_id, fingerprint, resolved_at DESC);
CREATE INDEX external_alert_client_idx ON external_alert (client_id, state, starts_at DESC);
CREATE INDEX external_alert_device_idx ON external_alert (device_id) WHERE device_id IS NOT NULL;
CREATE INDEX external_alert_ticket_idx ON external_alert (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX external_alert_window_idx ON external_alert (suppressed_by) WHERE suppressed_by IS NOT NULL;
ALTER TABLE external_alert ENABLE ROW LEVEL SECURITY;
ALTER TABLE external_alert FORCE ROW LEVEL SECURITY;
CREATE POLICY external_alert_tenant ON external_alert USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
