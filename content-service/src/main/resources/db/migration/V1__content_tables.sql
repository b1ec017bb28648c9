-- The education library. One row is one version of one item in one language: a published row
-- is never edited in place (a change is a new version), so a packet that pins a row keeps
-- showing exactly what the patient was given.
CREATE TABLE education_item (
    id            BIGSERIAL PRIMARY KEY,
    slug          TEXT        NOT NULL CHECK (slug ~ '^[a-z0-9-]+$'),
    locale        TEXT        NOT NULL CHECK (locale ~ '^[a-z]{2}$'),
    version       INTEGER     NOT NULL CHECK (version >= 1),
    title         TEXT        NOT NULL,
    kind          TEXT        NOT NULL CHECK (kind IN ('CONDITION', 'CAUSE', 'TREATMENT', 'PREVENTION',
                                                       'QUESTION_AND_ANSWER', 'WARNING_SIGNS')),
    body_markdown TEXT        NOT NULL,
    -- Names of clinic.events.Cause and clinic.events.Route values the item explains.
    cause_tags    TEXT[]      NOT NULL DEFAULT '{}',
    route_tags    TEXT[]      NOT NULL DEFAULT '{}',
    status        TEXT        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (slug, locale, version)
);

CREATE INDEX education_item_published ON education_item (locale, slug, version DESC)
    WHERE status = 'PUBLISHED';
CREATE INDEX education_item_cause_tags ON education_item USING GIN (cause_tags);
CREATE INDEX education_item_route_tags ON education_item USING GIN (route_tags);

-- One packet per triage decision; a re-triage of the intake gets the next version.
CREATE TABLE packet (
    id           UUID PRIMARY KEY,
    intake_id    UUID        NOT NULL,
    decision_id  UUID        NOT NULL UNIQUE,
    version      INTEGER     NOT NULL CHECK (version >= 1),
    language     TEXT        NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    access_token TEXT        NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (intake_id, version)
);

-- The items of a packet, pinned to the exact item row (slug, language and version).
CREATE TABLE packet_item (
    id           BIGSERIAL PRIMARY KEY,
    packet_id    UUID    NOT NULL REFERENCES packet (id),
    position     INTEGER NOT NULL,
    item_id      BIGINT  NOT NULL REFERENCES education_item (id),
    slug         TEXT    NOT NULL,
    locale       TEXT    NOT NULL,
    item_version INTEGER NOT NULL,
    UNIQUE (packet_id, position)
);

-- Idempotent consumer: written in the same transaction as the effect of the event.
CREATE TABLE processed_event (
    event_id     UUID PRIMARY KEY,
    event_type   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Transactional outbox: written with the state change, relayed to Kafka afterwards.
CREATE TABLE outbox_message (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    event_type  TEXT        NOT NULL,
    message_key TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);

CREATE INDEX outbox_message_pending ON outbox_message (id) WHERE sent_at IS NULL;
