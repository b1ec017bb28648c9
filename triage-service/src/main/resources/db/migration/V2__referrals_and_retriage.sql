-- What each decision was made from, for the clinician's detail view and the decision history:
-- the whole answer set (answers_used keeps only what the fired rules read), the age, and which
-- amendment of the intake it answers (0: the original submission).
alter table decision add column answers jsonb not null default '{}'::jsonb;
alter table decision add column age_years integer;
alter table decision add column amendment integer not null default 0 check (amendment >= 0);

-- One referral per intake. The proposal comes from a triage decision; route, secondary_routes and
-- urgency are what goes ahead (the proposal, or the clinician's override). The latest_* columns
-- follow every re-triage, so red flags found in amended answers show even on a confirmed referral.
create table referral (
    referral_id               uuid        primary key,
    intake_id                 uuid        not null unique,
    status                    text        not null,
    decision_id               uuid        not null,
    decision_version          integer     not null,
    proposed_route            text        not null,
    proposed_secondary_routes jsonb       not null,
    proposed_urgency          text        not null,
    route                     text        not null,
    secondary_routes          jsonb       not null,
    urgency                   text        not null,
    latest_decision_id        uuid        not null,
    latest_decision_version   integer     not null,
    latest_urgency            text        not null,
    -- What the queue sorts and filters by: urgency, or latest_urgency when the answers changed
    -- after a clinician acted and triage now finds the patient more urgent.
    queue_urgency             text        not null,
    red_flags                 jsonb       not null,
    needs_clinician_review    boolean     not null,
    missing_answers           jsonb       not null,
    -- Not null while a person must look again (answers changed after confirmation, ...).
    review_reason             text,
    waiting_since             timestamptz not null,
    updated_at                timestamptz not null,
    -- Optimistic locking: every change adds 1; an update names the version it was made on.
    version                   integer     not null check (version >= 1)
);
create index referral_queue_idx on referral (status, queue_urgency, waiting_since);

-- The audit trail: every change of a referral, who made it, when and why. sequence equals the
-- referral's version after the change.
create table referral_transition (
    transition_id    uuid        primary key,
    referral_id      uuid        not null references referral (referral_id),
    sequence         integer     not null,
    from_status      text,
    to_status        text        not null,
    route            text        not null,
    urgency          text        not null,
    decision_version integer     not null,
    by_whom          text        not null,
    reason           text,
    at               timestamptz not null,
    unique (referral_id, sequence)
);

-- The patient's education packet as content-service announced it (the latest version per intake).
create table education_packet (
    intake_id      uuid        primary key,
    packet_id      uuid        not null,
    packet_version integer     not null,
    decision_id    uuid        not null,
    language       text        not null,
    packet_url     text        not null,
    assigned_at    timestamptz not null
);
