-- Agent versions signed with the release key (not the task signer's, not the server's), and their rollout in two
-- rings: the devices of the pilot groups from rollout_started_at, every device from general_at. Shared by all
-- clients (no client column, no row-level security): only MSP admins reach it, through the devices module.
CREATE TABLE agent_release (
    id                 uuid PRIMARY KEY,
    version            text        NOT NULL UNIQUE CHECK (version ~ '^[0-9]{1,9}(\.[0-9]{1,9}){0,4}(-[A-Za-z0-9.]{1,40})?$'),
    sha256             text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes         bigint      NOT NULL CHECK (size_bytes > 0),
    -- The signed manifest as the release tool wrote it; agents verify it against the key they pinned.
    manifest           text        NOT NULL CHECK (length(manifest) <= 4096),
    jar                bytea       NOT NULL,
    uploaded_by        text        NOT NULL,
    uploaded_at        timestamptz NOT NULL,
    rollout_started_at timestamptz,
    pilot_group_ids    uuid[]      NOT NULL DEFAULT '{}',
    general_at         timestamptz,
    CHECK ((rollout_started_at IS NULL) = (general_at IS NULL)),
    CHECK (general_at IS NULL OR general_at >= rollout_started_at)
);
CREATE INDEX agent_release_rollout_idx ON agent_release (rollout_started_at) WHERE rollout_started_at IS NOT NULL;
