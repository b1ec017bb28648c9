-- The referral as the clinician settled it (clinic.referral): confirmed as triage proposed, or
-- overridden. The latest confirmation or override wins; status follows ReferralStatusChanged.
alter table intake add column referral_id         uuid;
alter table intake add column referral_route      text;
alter table intake add column referral_urgency    text;
alter table intake add column referral_overridden boolean;
alter table intake add column referral_decided_at timestamptz;
alter table intake add column referral_status     text
    check (referral_status in ('CONFIRMED', 'SENT', 'ACCEPTED', 'DECLINED', 'CANCELLED'));

-- What was decided about the patient's next-step e-mail, once per referral: enqueued (the delivery
-- itself is in notifications.notification) or why not. Written in the transaction of the event
-- that completed "referral confirmed + education assigned", so it is decided exactly once.
create table patient_notice (
    referral_id     uuid        primary key,
    intake_id       uuid        not null references intake (id),
    outcome         text        not null check (outcome in ('ENQUEUED', 'NO_CONSENT', 'NO_EMAIL')),
    notification_id uuid,
    language        text        not null,
    decided_at      timestamptz not null,
    check ((outcome = 'ENQUEUED') = (notification_id is not null))
);

create index patient_notice_by_intake on patient_notice (intake_id, decided_at);
