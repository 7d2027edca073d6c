-- Whether the client's portal users see the tickets monitoring opened (source ALERT). Those are the MSP's internal
-- work by default ("Device offline on vm", P1); an MSP turns them on per client that wants to follow them.
ALTER TABLE client ADD COLUMN portal_shows_alert_tickets boolean NOT NULL DEFAULT false;
