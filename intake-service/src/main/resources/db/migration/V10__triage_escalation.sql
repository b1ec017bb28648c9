-- What triage's decision asks for first (clinic.triage TriageDecided): EMERGENCY_TODAY or
-- URGENT_REVIEW; null without a red flag and for decisions stored before this column. The intake's
-- page shows it to the front desk at once, before a clinician confirms the referral.
alter table intake add column triage_escalation text
    check (triage_escalation in ('EMERGENCY_TODAY', 'URGENT_REVIEW'));
