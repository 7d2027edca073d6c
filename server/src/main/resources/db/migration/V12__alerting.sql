-- Alert policies (MSP-wide defaults or per client) and the alerts they raise, one open per device, policy and instance.
CREATE TABLE alert_policy (
    id                 uuid PRIMARY KEY,
    -- NULL: applies to every client.
    client_id          uuid REFERENCES client (id) ON DELETE CASCADE,
    name               text             NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    metric             text             NOT NULL,
    comparison         text             NOT NULL CHECK (comparison IN ('ABOVE', 'BELOW')),
    threshold          double precision NOT NULL,
    -- The value at which an open alert clears; the gap to the threshold is the hysteresis.
    recovery_threshold double precision NOT NULL,
    severity           text             NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
    enabled            boolean          NOT NULL DEFAULT true,
    created_at         timestamptz      NOT NULL,
    CHECK ((comparison = 'ABOVE' AND recovery_threshold <= threshold) OR (comparison = 'BELOW' AND recovery_threshold >= threshold))
);

CREATE TABLE alert (
    id          uuid PRIMARY KEY,
    device_id   uuid             NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid             NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    policy_id   uuid             NOT NULL REFERENCES alert_policy (id) ON DELETE CASCADE,
    instance    text             NOT NULL,
    state       text             NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
    opened_at   timestamptz      NOT NULL,
    resolved_at timestamptz,
    last_value  double precision NOT NULL,
    ticket_id   uuid REFERENCES ticket (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX alert_one_open_idx ON alert (device_id, policy_id, instance) WHERE state = 'OPEN';
CREATE INDEX alert_client_idx ON alert (client_id, state);

-- Policies of one client are that client's; the MSP-wide ones (no client) are read by every scope.
ALTER TABLE alert_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_policy_tenant ON alert_policy
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));
ALTER TABLE alert ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_tenant ON alert USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at) VALUES
  ('00000000-0000-4000-8000-0000000a1e01', NULL, 'File system almost full', 'fs.used_pct', 'ABOVE', 90, 85, 'WARNING', now()),
  ('00000000-0000-4000-8000-0000000a1e02', NULL, 'File system full', 'fs.used_pct', 'ABOVE', 98, 95, 'CRITICAL', now()),
  ('00000000-0000-4000-8000-0000000a1e03', NULL, 'Memory exhausted', 'memory.used_pct', 'ABOVE', 97, 90, 'WARNING', now());
