-- Who made each change as the identity provider knows them: the token's subject beside the display
-- name in by_whom (a display name is not unique). Changes recorded before sign-in keep a null
-- subject: their name was typed and never verified. Triage's own changes were always the system's,
-- so those rows get the subject they would have today.
alter table referral_transition add column by_subject text;
update referral_transition set by_subject = 'system:' || by_whom
    where by_whom in ('triage', 'system', 'notifications');
