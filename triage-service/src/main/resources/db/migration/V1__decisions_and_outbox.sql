-- One row per decision; a re-triage of the same intake adds the next decision_version.
create table decision (
    decision_id            uuid primary key,
    intake_id              uuid        not null,
    decision_version       integer     not null check (decision_version >= 1),
    ruleset_version        text        not null,
    route                  text        not null,
    secondary_routes       jsonb       not null,
    urgency                text        not null,
    causes                 jsonb       not null,
    red_flags              jsonb       not null,
    needs_clinician_review boolean     not null,
    missing_answers        jsonb       not null,
    explanation            text        not null,
    preferred_language     text        not null,
    decided_at             timestamptz not null,
    fired_rules            jsonb       not null,
    answers_used           jsonb       not null,
    unique (intake_id, decision_version)
);

-- Idempotent consumer: the ids (ce_id) of events already handled.
create table processed_event (
    event_id     uuid primary key,
    event_type   text        not null,
    processed_at timestamptz not null
);

-- Spring Modulith's JDBC event publication registry (the outbox), its PostgreSQL schema v2.
create table event_publication (
    id                     uuid        not null primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
