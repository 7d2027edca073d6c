-- The script library (issue 17, LIBRARY part).
-- A version never changes once made: the database refuses an UPDATE of one, whoever asks through the application's
-- role (which owns no table and so cannot drop this trigger). Reading a version for a task also recomputes the
-- body's SHA-256 and refuses a version whose body no longer matches, and agents check the body against the hash the
-- signer signed: a row changed by someone who owns the database is caught twice more.
CREATE FUNCTION steward_script_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'script versions are immutable: save the script to add a version';
END;
$$;
CREATE TRIGGER script_version_immutable BEFORE UPDATE ON script_version
    FOR EACH ROW EXECUTE FUNCTION steward_script_version_immutable();

-- The passkey assertions given for a standard change (REQUEST by the requester, APPROVE by the approver) over its
-- spec's digest: kept as evidence and forwarded to the signer, which verifies them against its own keyring. A row
-- inserted here is worth nothing to the signer.
CREATE TABLE standard_change_assertion (
    standard_change_id uuid        NOT NULL REFERENCES standard_change (id) ON DELETE CASCADE,
    purpose            text        NOT NULL CHECK (purpose IN ('REQUEST', 'APPROVE')),
    user_id            uuid        NOT NULL REFERENCES app_user (id),
    credential_id      text        NOT NULL,
    authenticator_data text        NOT NULL,
    client_data_json   text        NOT NULL,
    signature          text        NOT NULL,
    user_handle        text,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (standard_change_id, purpose)
);
CREATE INDEX standard_change_state_idx ON standard_change (state, not_after);
