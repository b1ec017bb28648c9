-- Issue 11, point 1: who read a patient's record that shows identity, when, through which view and
-- from which address. Ids only: never the patient's name, contact details or answers. One row per
-- view; a list (the day's intakes) keeps every intake id it showed in intake_ids, so one look at
-- the list is one row, with one time and one address.
create table intake_read (
  id             bigint generated always as identity primary key,
  read_at        timestamptz not null default now(),
  subject        text        not null,
  name           text        not null,
  view           text        not null check (view in ('API_INTAKE', 'PAGE_INTAKE', 'PAGE_TODAY')),
  intake_ids     uuid[]      not null check (cardinality(intake_ids) > 0),
  client_address text
);

create index intake_read_intake_ids on intake_read using gin (intake_ids);
create index intake_read_subject on intake_read (subject, read_at desc);
create index intake_read_read_at on intake_read (read_at desc);

-- Append-only, guaranteed by the database itself, whatever the application does.
create function intake_read_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'intake_read is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege';
end
$$;

create trigger intake_read_no_update_or_delete
  before update or delete on intake_read
  for each row execute function intake_read_append_only();

create trigger intake_read_no_truncate
  before truncate on intake_read
  for each statement execute function intake_read_append_only();
