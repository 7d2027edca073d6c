-- Monthly client service reports: per-client report settings, who receives the stored reports, and
-- the stored reports themselves (JSON snapshot + PDF) so that a month once reported stays as sent.

CREATE TABLE report_settings (
    client_id              uuid PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    -- What an hour of downtime of a critical device costs the client; NULL: not configured.
    downtime_cost_per_hour numeric(12, 2) CHECK (downtime_cost_per_hour >= 0),
    currency               char(3)       NOT NULL DEFAULT 'EUR',
    -- The share of tickets that must meet their SLA target for the month to count as met.
    sla_compliance_target  numeric(5, 2) NOT NULL DEFAULT 95 CHECK (sla_compliance_target > 0 AND sla_compliance_target <= 100),
    version                integer       NOT NULL DEFAULT 0,
    updated_by             text          NOT NULL,
    updated_at             timestamptz   NOT NULL
);

-- Users (client portal users or staff) told when a client's monthly report is stored.
CREATE TABLE report_recipient (
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, user_id)
);

CREATE TABLE monthly_report (
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    -- The first day of the reported month.
    month        date        NOT NULL CHECK (extract(day FROM month) = 1),
    generated_at timestamptz NOT NULL,
    generated_by text        NOT NULL,
    report_json  text        NOT NULL,
    pdf          bytea       NOT NULL,
    PRIMARY KEY (client_id, month)
);

-- The report reads a client's tickets by the month they were opened.
CREATE INDEX ticket_client_opened_idx ON ticket (client_id, opened_at);
-- Ticket changes after a month's end, to read fields as they stood at that end.
CREATE INDEX ticket_event_client_at_idx ON ticket_event (client_id, at);
-- Offline alerts overlapping a month, per client.
CREATE INDEX alert_client_opened_idx ON alert (client_id, opened_at);

ALTER TABLE report_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY report_settings_tenant ON report_settings USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE report_recipient ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_recipient FORCE ROW LEVEL SECURITY;
CREATE POLICY report_recipient_tenant ON report_recipient USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE monthly_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE monthly_report FORCE ROW LEVEL SECURITY;
CREATE POLICY monthly_report_tenant ON monthly_report USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
