-- Why the answers were corrected (issue 17): a code, never free text (Intake.AmendmentReason).
-- Null for amendments from before, and for API clients that give none.
alter table intake_amendment add column reason text;
