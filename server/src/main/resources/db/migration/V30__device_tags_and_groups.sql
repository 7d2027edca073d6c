-- Device tags and device groups per client: static (members listed) or by rule on OS, site and tags.
ALTER TABLE device ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX device_tags_idx ON device USING gin (tags);

CREATE TABLE device_group (
    id           uuid PRIMARY KEY,
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind         text        NOT NULL CHECK (kind IN ('STATIC', 'RULE')),
    -- Rule groups: every given criterion must hold (OS name contains, site is, device has all tags).
    rule_os      text CHECK (rule_os IS NULL OR length(rule_os) BETWEEN 1 AND 100),
    rule_site_id uuid REFERENCES site (id) ON DELETE SET NULL,
    rule_tags    text[]      NOT NULL DEFAULT '{}',
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (client_id, name)
);

CREATE TABLE device_group_member (
    group_id  uuid NOT NULL REFERENCES device_group (id) ON DELETE CASCADE,
    device_id uuid NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, device_id)
);
CREATE INDEX device_group_member_device_idx ON device_group_member (device_id);

ALTER TABLE device_group ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_group FORCE ROW LEVEL SECURITY;
CREATE POLICY device_group_tenant ON device_group USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE device_group_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_group_member FORCE ROW LEVEL SECURITY;
CREATE POLICY device_group_member_tenant ON device_group_member USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
