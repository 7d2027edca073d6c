-- Installed software per device, one row per package, replaced with each inventory: the fleet-wide
-- search ("which machines of this client still run OpenSSL 3.0.2?") reads this, not the JSON.
CREATE TABLE device_software (
    device_id uuid NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name      text NOT NULL,
    version   text NOT NULL,
    vendor    text NOT NULL
);
CREATE INDEX device_software_device_idx ON device_software (device_id);
CREATE INDEX device_software_name_idx ON device_software (client_id, lower(name) text_pattern_ops);

ALTER TABLE device_software ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_software FORCE ROW LEVEL SECURITY;
CREATE POLICY device_software_tenant ON device_software USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
