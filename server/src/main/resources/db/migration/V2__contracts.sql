-- Contracts and service tiers. Calendars and tiers belong to the MSP (no tenant); contracts
-- belong to a client and carry row-level security like every tenant table.

CREATE TABLE coverage_calendar (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- NULL: the zone of the client the calendar is applied to.
    time_zone   text,
    always_on   boolean     NOT NULL DEFAULT false,
    -- [{"day":"MONDAY","start":"08:00","end":"18:00"}, ...]
    periods     jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- [{"name":"New Year","yearly":"--01-01"} | {"name":"Founders day","date":"2026-06-02"}]
    holidays    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX coverage_calendar_name_key ON coverage_calendar (lower(name));

CREATE TABLE service_tier (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description   text        NOT NULL DEFAULT '',
    calendar_id   uuid        NOT NULL REFERENCES coverage_calendar (id),
    uptime_target numeric(6, 3) CHECK (uptime_target > 0 AND uptime_target <= 100),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX service_tier_name_key ON service_tier (lower(name));

-- One row per tier and priority (1 = P1 ... 4 = P4).
CREATE TABLE sla_target (
    tier_id            uuid     NOT NULL REFERENCES service_tier (id) ON DELETE CASCADE,
    priority           smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    response_minutes   integer  NOT NULL CHECK (response_minutes > 0),
    resolution_minutes integer  NOT NULL CHECK (resolution_minutes > 0),
    -- true: counts every minute (24x7) whatever the calendar says.
    around_the_clock   boolean  NOT NULL DEFAULT false,
    PRIMARY KEY (tier_id, priority),
    CHECK (resolution_minutes >= response_minutes)
);

CREATE TABLE contract (
    id             uuid PRIMARY KEY,
    client_id      uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    reference      text        NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
    delivery_model text        NOT NULL CHECK (delivery_model IN ('FULLY_MANAGED', 'CO_MANAGED', 'MONITORING_ONLY', 'PROJECT')),
    tier_id        uuid        NOT NULL REFERENCES service_tier (id),
    calendar_id    uuid REFERENCES coverage_calendar (id),
    starts_on      date        NOT NULL,
    ends_on        date,
    renews_on      date,
    uptime_target  numeric(6, 3) CHECK (uptime_target > 0 AND uptime_target <= 100),
    scope          text        NOT NULL DEFAULT '',
    exclusions     text        NOT NULL DEFAULT '',
    pricing_model  text        NOT NULL CHECK (pricing_model IN ('PER_DEVICE', 'PER_USER', 'TIERED', 'FLAT_FEE')),
    price_amount   numeric(12, 2) NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
    currency       char(3)     NOT NULL DEFAULT 'EUR',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        integer     NOT NULL DEFAULT 0,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX contract_client_idx ON contract (client_id, starts_on);

ALTER TABLE contract ENABLE ROW LEVEL SECURITY;
ALTER TABLE contract FORCE ROW LEVEL SECURITY;
CREATE POLICY contract_tenant ON contract USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
