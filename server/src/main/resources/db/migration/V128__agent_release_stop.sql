-- Issue 18: a rollout of an agent release stops when too many of the devices it was offered to rolled it back (it did
-- not check in on trial). Offers and rollbacks are kept per device; stop_percent is the share that stops it.
ALTER TABLE agent_release
    ADD COLUMN stop_percent   integer NOT NULL DEFAULT 20 CHECK (stop_percent BETWEEN 1 AND 100),
    ADD COLUMN stopped_at     timestamptz,
    ADD COLUMN stopped_reason text;

CREATE TABLE agent_release_device (
    release_id     uuid        NOT NULL REFERENCES agent_release (id) ON DELETE CASCADE,
    device_id      uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    offered_at     timestamptz NOT NULL,
    rolled_back_at timestamptz,
    PRIMARY KEY (release_id, device_id)
);
CREATE INDEX agent_release_device_rolled_back_idx ON agent_release_device (device_id) WHERE rolled_back_at IS NOT NULL;
