-- The team notifications whose delivery moves their referral to SENT (confirmations and
-- overrides; early warnings are not here). The notifications themselves, their attempts and
-- statuses live in the notifications module's own schema.
create table referral_notification (
    notification_id uuid        primary key,
    referral_id     uuid        not null references referral (referral_id),
    -- Set once the referral was marked SENT, or no longer waited to be sent.
    settled_at      timestamptz
);
create index referral_notification_unsettled_idx on referral_notification (referral_id)
    where settled_at is null;
