-- Who made each change: the signed-in staff member, from their access token (subject = the token's
-- sub, name = its display name). Staff identity, never the patient's. Null for the changes made
-- before sign-in existed.
alter table intake add column entered_by_subject   text;
alter table intake add column entered_by_name      text;
alter table intake add column withdrawn_by_subject text;
alter table intake add column withdrawn_by_name    text;

alter table intake_amendment add column amended_by_subject text;
alter table intake_amendment add column amended_by_name    text;
