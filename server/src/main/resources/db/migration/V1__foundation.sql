-- Steward foundation schema. Runs as the owner role; ${app_role} is the runtime role,
-- which owns nothing, has no BYPASSRLS and only gets the grants written here.

-- Row-level security: which clients the current transaction may see. The application sets
-- steward.all_clients / steward.client_ids on every connection it hands out; a connection
-- with neither set sees no tenant rows at all (deny by default).
CREATE FUNCTION steward_sees_client(c uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS
$fn$
SELECT coalesce(current_setting('steward.all_clients', true), 'off') = 'on'
    OR c = ANY (coalesce(nullif(current_setting('steward.client_ids', true), ''), '{}')::uuid[])
$fn$;

CREATE TABLE msp (
    id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE client (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone  text        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    notes      text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX client_name_key ON client (lower(name));

CREATE TABLE site (
    id          uuid PRIMARY KEY,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address     text        NOT NULL DEFAULT '',
    city        text        NOT NULL DEFAULT '',
    postal_code text        NOT NULL DEFAULT '',
    country     text        NOT NULL DEFAULT '',
    time_zone   text,
    notes       text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL DEFAULT 0
);
CREATE INDEX site_client_idx ON site (client_id);
CREATE UNIQUE INDEX site_name_key ON site (client_id, lower(name));

CREATE TABLE contact (
    id          uuid PRIMARY KEY,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id     uuid        REFERENCES site (id) ON DELETE SET NULL,
    first_name  text        NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   text        NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email       text        NOT NULL DEFAULT '',
    phone       text        NOT NULL DEFAULT '',
    job_title   text        NOT NULL DEFAULT '',
    is_primary  boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL DEFAULT 0
);
CREATE INDEX contact_client_idx ON contact (client_id);

CREATE TABLE app_user (
    id                   uuid PRIMARY KEY,
    email                text        NOT NULL,
    display_name         text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    password_hash        text        NOT NULL,
    role                 text        NOT NULL CHECK (role IN ('MSP_ADMIN', 'SERVICE_MANAGER', 'TECHNICIAN', 'CLIENT_USER')),
    support_tier         smallint CHECK (support_tier BETWEEN 1 AND 3),
    client_id            uuid REFERENCES client (id) ON DELETE CASCADE,
    scope_restricted     boolean     NOT NULL DEFAULT false,
    enabled              boolean     NOT NULL DEFAULT true,
    must_change_password boolean     NOT NULL DEFAULT false,
    totp_secret          text,
    totp_enabled         boolean     NOT NULL DEFAULT false,
    totp_last_step       bigint      NOT NULL DEFAULT 0,
    -- Bumped whenever role, scope, password, MFA or enabled change: sessions minted before are void.
    security_stamp       integer     NOT NULL DEFAULT 0,
    last_login_at        timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              integer     NOT NULL DEFAULT 0,
    CONSTRAINT client_user_has_client CHECK ((role = 'CLIENT_USER') = (client_id IS NOT NULL)),
    CONSTRAINT technician_has_tier CHECK ((role = 'TECHNICIAN') = (support_tier IS NOT NULL))
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));

-- Allow-list of clients for a technician whose scope is restricted.
CREATE TABLE user_client_scope (
    user_id   uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, client_id)
);

CREATE TABLE recovery_code (
    user_id   uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE api_token (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   text        NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    access       text        NOT NULL CHECK (access IN ('READ_ONLY', 'READ_WRITE')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- Failed-login counters, keyed by account or by remote address; kept in the database so
-- that several server nodes throttle together.
CREATE TABLE login_throttle (
    key             text PRIMARY KEY,
    failures        integer     NOT NULL,
    window_start    timestamptz NOT NULL,
    blocked_until   timestamptz
);

-- Append-only audit log with a hash chain. The runtime role may INSERT and SELECT only;
-- the trigger below refuses changes even from the owner, so that rewriting history needs a
-- deliberate act outside the application.
CREATE TABLE audit_log (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_id    uuid,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target_type text        NOT NULL DEFAULT '',
    target_id   text        NOT NULL DEFAULT '',
    client_id   uuid,
    remote_addr text        NOT NULL DEFAULT '',
    user_agent  text        NOT NULL DEFAULT '',
    request_id  text        NOT NULL DEFAULT '',
    details     text        NOT NULL DEFAULT '{}',
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL
);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_action_idx ON audit_log (action);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
$fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$fn$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Spring Session (JDBC): server-side sessions shared by every node.
CREATE TABLE spring_session (
    primary_id            char(36) NOT NULL,
    session_id            char(36) NOT NULL,
    creation_time         bigint   NOT NULL,
    last_access_time      bigint   NOT NULL,
    max_inactive_interval integer  NOT NULL,
    expiry_time           bigint   NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- Tenant isolation, second layer. FORCE makes the policies bind the owner as well.
ALTER TABLE client ENABLE ROW LEVEL SECURITY;
ALTER TABLE client FORCE ROW LEVEL SECURITY;
CREATE POLICY client_tenant ON client USING (steward_sees_client(id)) WITH CHECK (steward_sees_client(id));

ALTER TABLE site ENABLE ROW LEVEL SECURITY;
ALTER TABLE site FORCE ROW LEVEL SECURITY;
CREATE POLICY site_tenant ON site USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

ALTER TABLE contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_tenant ON contact USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

ALTER TABLE user_client_scope ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_client_scope FORCE ROW LEVEL SECURITY;
CREATE POLICY user_client_scope_tenant ON user_client_scope
    USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Staff accounts (no client) are not tenant data; a portal account belongs to its client.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
CREATE POLICY app_user_tenant ON app_user
    USING (client_id IS NULL OR steward_sees_client(client_id))
    WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));

-- Grants to the runtime role are in afterMigrate.sql, applied on every start for the configured role.
