-- The inventory a device sends while it waits for approval: kept (the newest by sequence number) and
-- applied when a technician approves the device, instead of being refused and lost.
ALTER TABLE device
    ADD COLUMN pending_inventory     jsonb,
    ADD COLUMN pending_inventory_seq bigint,
    ADD COLUMN pending_inventory_at  timestamptz;
