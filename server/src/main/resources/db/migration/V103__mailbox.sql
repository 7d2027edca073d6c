-- The MSP's inbound mailboxes (issue 16): where Steward fetches mail from over IMAP. Configuration of the MSP, not
-- tenant data (only MSP admins read or change it), so no row-level security; bound_client_id only names the client
-- every mail to the box is for. Secrets are sealed with the key outside the database (SecretBox) and never read back
-- to anyone: forms and the API take them write-only.
CREATE TABLE mailbox (
    id                       uuid PRIMARY KEY,
    name                     text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    address                  text        NOT NULL CHECK (length(address) BETWEEN 3 AND 320),
    host                     text        NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    port                     integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security                 text        NOT NULL CHECK (security IN ('TLS', 'STARTTLS', 'NONE')),
    -- A connection without TLS sends the password in the clear: only when an admin said so on purpose.
    plaintext_allowed        boolean     NOT NULL DEFAULT false,
    auth                     text        NOT NULL CHECK (auth IN ('PASSWORD', 'XOAUTH2')),
    username                 text        NOT NULL CHECK (length(username) BETWEEN 1 AND 320),
    password_sealed          text,
    oauth_token_endpoint     text CHECK (length(oauth_token_endpoint) <= 2000),
    oauth_client_id          text CHECK (length(oauth_client_id) <= 500),
    oauth_client_secret_sealed text,
    oauth_refresh_token_sealed text,
    -- As the admin entered it: providers do not tell a refresh token's lifetime, so the warning rests on this date.
    oauth_refresh_expires_on date,
    oauth_expiry_warned_at   timestamptz,
    folder                   text        NOT NULL DEFAULT 'INBOX' CHECK (length(folder) BETWEEN 1 AND 200),
    bound_client_id          uuid REFERENCES client (id) ON DELETE SET NULL,
    trust_without_dmarc      boolean     NOT NULL DEFAULT false,
    trusted_authserv_id      text        NOT NULL DEFAULT '' CHECK (length(trusted_authserv_id) <= 253),
    enabled                  boolean     NOT NULL DEFAULT true,
    version                  integer     NOT NULL DEFAULT 0,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    -- Health, written by the node that watches the box.
    connected_since          timestamptz,
    last_connected_at        timestamptz,
    last_error               text CHECK (length(last_error) <= 2000),
    last_error_at            timestamptz,
    last_mail_at             timestamptz,
    idle_supported           boolean,
    self_test_token          text CHECK (length(self_test_token) <= 200),
    self_test_sent_at        timestamptz,
    self_test_received_at    timestamptz,
    -- Set when a self-test did not come back by the deadline; cleared when one does.
    self_test_failed_at      timestamptz,
    -- One node watches a box: the lease holder, renewed while it watches, free for another node once it lapses.
    lease_owner              text,
    lease_until              timestamptz,
    CHECK (security <> 'NONE' OR plaintext_allowed),
    CHECK (auth <> 'PASSWORD' OR password_sealed IS NOT NULL),
    CHECK (auth <> 'XOAUTH2' OR (oauth_token_endpoint IS NOT NULL AND oauth_client_id IS NOT NULL AND oauth_refresh_token_sealed IS NOT NULL))
);
CREATE INDEX mailbox_bound_client_idx ON mailbox (bound_client_id) WHERE bound_client_id IS NOT NULL;
