-- db-scheduler's table: scheduled work shared by every node, picked with row locks.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- SLA moments already announced, so that each warning and breach is announced once per due instant.
CREATE TABLE sla_alert (
    ticket_id   uuid        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('WARNING', 'BREACH')),
    due_at      timestamptz NOT NULL,
    raised_at   timestamptz NOT NULL,
    PRIMARY KEY (ticket_id, kind, due_at)
);
ALTER TABLE sla_alert ENABLE ROW LEVEL SECURITY;
ALTER TABLE sla_alert FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_alert_tenant ON sla_alert USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- In-app notifications for staff.
CREATE TABLE notification (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    client_id  uuid REFERENCES client (id) ON DELETE CASCADE,
    ticket_id  uuid REFERENCES ticket (id) ON DELETE CASCADE,
    kind       text        NOT NULL,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL,
    read_at    timestamptz
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC);
