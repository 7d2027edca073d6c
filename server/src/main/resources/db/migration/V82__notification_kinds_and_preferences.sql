-- Notifications point at what they are about (a ticket, a change, a device) by a server path, so the
-- list can open it; older rows about a ticket keep ticket_id and get their path here.
ALTER TABLE notification ADD COLUMN link text CHECK (link IS NULL OR (link LIKE '/%' AND link NOT LIKE '//%' AND length(link) <= 300));
UPDATE notification SET link = '/tickets/' || ticket_id WHERE ticket_id IS NOT NULL;

-- The bell polls the unread count of the signed-in user every few seconds.
CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;

-- A user's choice per kind of notification, in the app and by email; a missing row means the kind's default.
-- Not tenant data: it belongs to a (staff) user, like the notifications themselves.
CREATE TABLE notification_preference (
    user_id uuid    NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind    text    NOT NULL CHECK (kind ~ '^[A-Z_]{1,40}$'),
    in_app  boolean NOT NULL,
    email   boolean NOT NULL,
    PRIMARY KEY (user_id, kind)
);
