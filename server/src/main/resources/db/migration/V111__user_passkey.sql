-- Passkeys (WebAuthn credentials) people register on their account page (issue 17). Identity owns them.
-- The public key is kept as the authenticator sent it (a COSE_Key); the server uses it to let its owner sign in and to
-- check approvals early. It is never what makes a task run: the signer trusts only the keys in its own keyring, so a
-- row inserted here is worth nothing to an attacker beyond the server's own sign-in.
CREATE TABLE user_passkey (
    credential_id   text PRIMARY KEY CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 16 AND 1400),  -- base64url, no padding
    user_id         uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    public_key_cose bytea       NOT NULL,
    -- The authenticator's signature counter at its last use; an assertion whose non-zero counter does not move
    -- forward is refused (a cloned authenticator).
    sign_count      bigint      NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
    label           text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    aaguid          uuid,
    transports      text        NOT NULL DEFAULT '',
    backup_eligible boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz
);
CREATE INDEX user_passkey_user_idx ON user_passkey (user_id, created_at DESC);

-- A registration's challenge, from the options to the answer: kept in the database (not the HTTP session) so that
-- registration by program works the same, and any server node can finish what another began. One use, short-lived.
CREATE TABLE passkey_challenge (
    challenge  text PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX passkey_challenge_user_idx ON passkey_challenge (user_id);

-- Like api_token: a staff user's passkeys are not tenant data, a portal user's belong to their client's user, whose
-- row app_user's policy already guards; every query here is by user id from the signed-in session.
