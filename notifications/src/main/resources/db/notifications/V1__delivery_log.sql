-- The notifications library's own schema: the services' migrations (schema public, table
-- flyway_schema_history) never see these objects, and these never see the services' version numbers.

CREATE TABLE notifications.notification (
    id                    uuid         PRIMARY KEY,
    channel               varchar(16)  NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    -- An e-mail address, or the name of a configured webhook target.
    recipient             text         NOT NULL,
    topic                 varchar(100) NOT NULL,
    reference             varchar(200) NOT NULL,
    subject               text,
    body                  text,
    html_body             text,
    -- Kept as text, not jsonb: the receiver gets exactly the bytes the caller gave.
    payload               text,
    status                varchar(16)  NOT NULL
        CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'FAILED', 'GAVE_UP')),
    attempts              integer      NOT NULL DEFAULT 0,
    -- attempts made before the last manual retry: the give-up limit counts from here.
    attempts_before_retry integer      NOT NULL DEFAULT 0,
    -- When the row is next due. While SENDING it is the end of the sender's lease, so a claim
    -- whose sender died becomes due again by itself.
    next_attempt_at       timestamptz  NOT NULL,
    -- Fences the outcome: only the sender holding the current claim may record it.
    claim_token           uuid,
    -- Error classes and status codes only, never addresses or bodies.
    last_error            varchar(500),
    created_at            timestamptz  NOT NULL DEFAULT now(),
    delivered_at          timestamptz,
    CHECK ((channel = 'EMAIL' AND subject IS NOT NULL AND body IS NOT NULL)
        OR (channel = 'WEBHOOK' AND payload IS NOT NULL))
);

CREATE INDEX notification_due ON notifications.notification (next_attempt_at)
    WHERE status IN ('PENDING', 'FAILED', 'SENDING');
CREATE INDEX notification_reference ON notifications.notification (reference, created_at);
CREATE INDEX notification_gave_up ON notifications.notification (id) WHERE status = 'GAVE_UP';

CREATE TABLE notifications.notification_attempt (
    notification_id    uuid        NOT NULL REFERENCES notifications.notification (id) ON DELETE CASCADE,
    attempt            integer     NOT NULL,
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    -- NULL while the attempt is in flight.
    outcome            varchar(16)
        CHECK (outcome IN ('DELIVERED', 'FAILED', 'REJECTED', 'CIRCUIT_OPEN', 'LEASE_EXPIRED')),
    -- HTTP status of a webhook response.
    status_code        integer,
    error              varchar(500),
    -- For a failed attempt that will be retried: when, and the back-off ceiling the delay was drawn under.
    next_attempt_at    timestamptz,
    backoff_ceiling_ms bigint,
    PRIMARY KEY (notification_id, attempt)
);

CREATE TABLE notifications.notification_retry (
    notification_id uuid         NOT NULL REFERENCES notifications.notification (id) ON DELETE CASCADE,
    requested_at    timestamptz  NOT NULL DEFAULT now(),
    requested_by    varchar(200) NOT NULL,
    status_before   varchar(16)  NOT NULL,
    attempts_before integer      NOT NULL
);

CREATE INDEX notification_retry_notification ON notifications.notification_retry (notification_id);
