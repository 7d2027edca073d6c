-- The MSP's own words for the mails Steward writes (issue 16): one row per kind it changed; a kind without a row uses
-- the default in code, and deleting the row resets it. Texts are plain text with {{placeholders}}, never templates.
CREATE TABLE mail_template (
    kind       text        PRIMARY KEY CHECK (kind ~ '^[A-Z_]{1,40}$'),
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    updated_at timestamptz NOT NULL,
    updated_by uuid        REFERENCES app_user (id) ON DELETE SET NULL
);
