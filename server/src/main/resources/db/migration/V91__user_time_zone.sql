-- A user's own IANA time zone for the times pages show them; NULL means "use the default"
-- (a client user's client's zone, staff the MSP's configured zone, else UTC).
ALTER TABLE app_user ADD COLUMN time_zone text CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64);
