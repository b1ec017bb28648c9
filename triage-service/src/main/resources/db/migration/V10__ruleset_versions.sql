-- The ruleset as a reviewed, published artefact (triage-service README, "Change the ruleset").
--
-- Every ruleset the service has decided with or been asked to: the clinic's own (seeded at start
-- from the class path or TRIAGE_RULESET) and each candidate an administrator uploaded, with the
-- vignettes it is checked against and the safety gate's report. A version string names one ruleset
-- text: it may be uploaded again only while every earlier upload of it was refused.
create table ruleset_version (
    ruleset_id uuid primary key,
    version text not null,
    yaml text not null,
    vignettes text not null,
    sha256 char(64) not null,
    -- SEEDED: shipped with the service; PASSED / REFUSED: the safety gate's verdict on an upload.
    status text not null check (status in ('SEEDED', 'PASSED', 'REFUSED')),
    location text not null,
    uploaded_at timestamptz not null,
    uploaded_by_subject text not null,
    uploaded_by_name text not null,
    reason text,
    -- The reviewer's reasons for what the candidate weakens: intake id or vignette name to reason.
    acknowledgements jsonb not null default '{}',
    -- The safety gate's last verdict (JSON: candidate.GateReport); {} for a seeded version.
    report jsonb not null,
    -- When it was first made the active version; null if it never was.
    first_activated_at timestamptz
);

create unique index ruleset_version_one_text_per_version on ruleset_version (version)
    where status <> 'REFUSED';

-- The version every instance decides with: one row, changed by one update in the transaction of
-- the publication, which also sends NOTIFY clinic_ruleset_activated to every listening instance.
create table ruleset_active (
    singleton boolean primary key default true check (singleton),
    ruleset_id uuid not null references ruleset_version,
    activated_at timestamptz not null,
    activated_by_subject text not null,
    activated_by_name text not null,
    reason text not null
);

-- Every step of every version's life: uploaded, validated (or not), replayed, gate passed or
-- refused, published, re-activated, seeded. Who, when, why. Append-only.
create table ruleset_audit (
    audit_id uuid primary key,
    -- The order of the steps (several share a transaction's time).
    seq bigint generated always as identity,
    at timestamptz not null,
    ruleset_id uuid references ruleset_version,
    version text,
    step text not null check (step in ('UPLOADED', 'VALIDATED', 'INVALID', 'REPLAYED',
        'GATE_PASSED', 'GATE_REFUSED', 'PUBLISHED', 'PUBLISH_REFUSED', 'REACTIVATED', 'SEEDED')),
    by_subject text not null,
    by_name text not null,
    reason text,
    detail jsonb not null default '{}'
);

create index ruleset_audit_newest on ruleset_audit (seq desc);
create index ruleset_audit_by_version on ruleset_audit (ruleset_id, seq);

create function ruleset_audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ruleset_audit is append-only';
end;
$$;

create trigger ruleset_audit_append_only
    before update or delete on ruleset_audit
    for each row execute function ruleset_audit_append_only();

create trigger ruleset_audit_no_truncate
    before truncate on ruleset_audit
    for each statement execute function ruleset_audit_append_only();
