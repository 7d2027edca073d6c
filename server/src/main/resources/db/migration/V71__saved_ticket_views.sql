-- Saved ticket views (issue 15): a user's named queue filters and sort. They belong to a user, not a client: the
-- filters name no data, and whatever they find is found in the user's scope when the view is opened.
CREATE TABLE saved_ticket_view (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The queue's query string (view=all&q=printer&sort=title%2Cdesc), keys and values validated when saved.
    filters    text        NOT NULL CHECK (length(filters) <= 2000),
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX saved_ticket_view_name_idx ON saved_ticket_view (user_id, lower(name));
