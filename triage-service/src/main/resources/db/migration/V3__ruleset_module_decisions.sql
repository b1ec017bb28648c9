-- Decisions now come from the triage-rules module's ruleset. Each also records the rules that could
-- not be decided because an answer was missing (missing_answers names the answers); fired_rules
-- now holds each rule's id, its sentence and the ids of the documents it cites.
alter table decision add column undecided_rules jsonb not null default '[]'::jsonb;
