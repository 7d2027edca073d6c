-- Time spent on tickets, for billing and the monthly report.
CREATE TABLE time_entry (
    id         uuid PRIMARY KEY,
    ticket_id  uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id  uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    user_id    uuid REFERENCES app_user (id) ON DELETE SET NULL,
    user_name  text        NOT NULL,
    minutes    integer     NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    billable   boolean     NOT NULL,
    work_type  text        NOT NULL CHECK (work_type IN ('REMOTE', 'ONSITE', 'TRAVEL', 'PROJECT', 'ADMIN')),
    note       text        NOT NULL DEFAULT '',
    worked_on  date        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX time_entry_ticket_idx ON time_entry (ticket_id);
CREATE INDEX time_entry_client_idx ON time_entry (client_id, worked_on);
ALTER TABLE time_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE time_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY time_entry_tenant ON time_entry USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
