-- What the referral's red flags ask for first (clinic.referral events): EMERGENCY_TODAY or
-- URGENT_REVIEW; null without one and for referrals decided before escalations existed. The
-- patient's next-step e-mail leads with it.
alter table intake add column referral_escalation text
    check (referral_escalation in ('EMERGENCY_TODAY', 'URGENT_REVIEW'));
