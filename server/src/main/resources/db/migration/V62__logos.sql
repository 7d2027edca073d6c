-- Logos for the report cover and the report headers: the MSP's (one, MSP-wide) and each client's.
-- Only PNG or JPEG that the server has checked (magic number, bounded size and pixels, decoded)
-- are stored; the bytes live here, never in a file under a web root, and are served with the
-- stored type under a server-made name.
CREATE TABLE client_logo (
    client_id    uuid PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    content_type text        NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
    image        bytea       NOT NULL CHECK (octet_length(image) BETWEEN 1 AND 1048576),
    width        integer     NOT NULL CHECK (width > 0),
    height       integer     NOT NULL CHECK (height > 0),
    sha256       text        NOT NULL,
    updated_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- The MSP's logo: the same columns and checks, one row, MSP-wide (no tenant, so no row-level security).
CREATE TABLE msp_logo (LIKE client_logo INCLUDING CONSTRAINTS);
ALTER TABLE msp_logo DROP COLUMN client_id;
ALTER TABLE msp_logo ADD COLUMN id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1);

ALTER TABLE client_logo ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_logo FORCE ROW LEVEL SECURITY;
CREATE POLICY client_logo_tenant ON client_logo USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
