-- Outbound webhooks (issue 16): endpoints, and the deliveries written in the transaction of the event they announce
-- (an outbox), with every attempt kept for the delivery log.
CREATE TABLE webhook_endpoint (
    id                    uuid PRIMARY KEY,
    -- NULL: the MSP's own endpoint, which hears every client's events.
    client_id             uuid REFERENCES client (id) ON DELETE CASCADE,
    name                  text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    url                   text        NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    format                text        NOT NULL CHECK (format IN ('STANDARD', 'SLACK', 'TEAMS')),
    -- Event types such as ticket.created, checked by the application against its list.
    event_types           text[]      NOT NULL CHECK (cardinality(event_types) >= 1),
    -- whsec_... sealed with the SecretBox: a copy of the database alone cannot sign.
    secret_sealed         text        NOT NULL,
    -- During a rotation the previous secret still signs, beside the new one, until previous_secret_until.
    previous_secret_sealed text,
    previous_secret_until timestamptz,
    enabled               boolean     NOT NULL DEFAULT true,
    disabled_reason       text CHECK (length(disabled_reason) <= 500),
    -- Set by an MSP admin only: the URL may resolve to a loopback, private or link-local address.
    allow_private_network boolean     NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               integer     NOT NULL DEFAULT 0,
    CHECK ((previous_secret_sealed IS NULL) = (previous_secret_until IS NULL))
);
CREATE INDEX webhook_endpoint_client_idx ON webhook_endpoint (client_id);
ALTER TABLE webhook_endpoint ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoint FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoint_tenant ON webhook_endpoint
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));

CREATE TABLE webhook_delivery (
    id              uuid PRIMARY KEY,
    -- The webhook-id header (msg_...): the same on every attempt and replay, so receivers can drop duplicates.
    message_id      text        NOT NULL UNIQUE CHECK (message_id LIKE 'msg\_%'),
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    -- The endpoint's client, or the client the event is about for an MSP-wide endpoint (NULL: about no client).
    client_id       uuid REFERENCES client (id) ON DELETE CASCADE,
    event_type      text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 60),
    -- json, not jsonb: the text is kept exactly as written, key order included, since it is what gets signed and sent.
    payload         json        NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- A pass that claimed the delivery owns it until then; a node that died mid-send releases it by expiring.
    leased_until    timestamptz,
    created_at      timestamptz NOT NULL,
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC);
CREATE INDEX webhook_delivery_client_idx ON webhook_delivery (client_id) WHERE client_id IS NOT NULL;
ALTER TABLE webhook_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_delivery_tenant ON webhook_delivery
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));

CREATE TABLE webhook_attempt (
    id               uuid PRIMARY KEY,
    delivery_id      uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    client_id        uuid REFERENCES client (id) ON DELETE CASCADE,
    at               timestamptz NOT NULL,
    -- NULL: no answer (refused address, timeout, connection error).
    http_status      integer,
    duration_ms      integer     NOT NULL,
    error            text CHECK (length(error) <= 1000),
    response_excerpt text CHECK (length(response_excerpt) <= 500)
);
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, at);
ALTER TABLE webhook_attempt ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempt FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_attempt_tenant ON webhook_attempt
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));
