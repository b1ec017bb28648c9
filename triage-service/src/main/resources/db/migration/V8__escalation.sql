-- What a red flag asks for first, apart from the route: EMERGENCY_TODAY (emergency assessment
-- today) or URGENT_REVIEW (urgent specialist review). Null without a red flag, and for decisions
-- made before escalations existed (their red flags still show; only the banner is missing).
alter table decision add column escalation text
    check (escalation in ('EMERGENCY_TODAY', 'URGENT_REVIEW'));

-- The latest decision's escalation, beside its red flags: shown first on the dashboard.
alter table referral add column escalation text
    check (escalation in ('EMERGENCY_TODAY', 'URGENT_REVIEW'));
