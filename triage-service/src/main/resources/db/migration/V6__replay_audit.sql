-- Every replay of a candidate ruleset over the stored intakes: who ran it, when, on what, and how
-- many decisions it would change. Counts only: never an answer, an intake id or a decision.
-- Append-only: the trigger refuses to change or remove a row.
create table replay_audit (
    replay_id uuid primary key,
    replayed_at timestamptz not null,
    by_subject text not null,
    by_name text not null,
    current_version text not null,
    candidate_version text not null,
    candidate_sha256 char(64) not null,
    replayed integer not null,
    changed integer not null,
    counts jsonb not null
);

create index replay_audit_newest on replay_audit (replayed_at desc, replay_id);

create function replay_audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'replay_audit is append-only';
end;
$$;

create trigger replay_audit_append_only
    before update or delete on replay_audit
    for each row execute function replay_audit_append_only();

create trigger replay_audit_no_truncate
    before truncate on replay_audit
    for each statement execute function replay_audit_append_only();
