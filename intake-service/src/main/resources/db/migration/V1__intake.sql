-- An accepted questionnaire. Identity and contact details live here and nowhere else.
create table intake (
    id                       uuid        primary key,
    patient_name             text        not null,
    date_of_birth            date        not null,
    email                    text,
    phone                    text,
    consent_to_contact       boolean     not null,
    preferred_language       text        not null,
    age_years                integer     not null check (age_years between 0 and 130),
    questionnaire_version    text        not null,
    answers                  jsonb       not null,
    status                   text        not null
        check (status in ('SUBMITTED', 'TRIAGED', 'EDUCATION_ASSIGNED')),
    -- Progress learnt from clinic.triage (latest decision version) ...
    triage_decision_id       uuid,
    triage_decision_version  integer,
    triage_route             text,
    triage_urgency           text,
    triage_decided_at        timestamptz,
    -- ... and from clinic.education (latest packet version).
    education_packet_id      uuid,
    education_packet_version integer,
    education_decision_id    uuid,
    education_packet_url     text,
    education_assigned_at    timestamptz,
    submitted_at             timestamptz not null,
    updated_at               timestamptz not null
);

create index intake_by_status on intake (status, submitted_at);

-- Events already applied: written in the transaction of their effect (idempotent consumer).
create table processed_event (
    event_id     uuid        primary key,
    event_type   text        not null,
    intake_id    uuid        not null,
    processed_at timestamptz not null
);

-- Spring Modulith's JDBC event publication registry (schema v2 of spring-modulith-events-jdbc
-- 2.0, PostgreSQL): the transactional outbox.
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

create index event_publication_serialized_event_hash_idx
    on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx
    on event_publication (completion_date);
