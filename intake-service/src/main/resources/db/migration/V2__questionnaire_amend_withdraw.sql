-- Every questionnaire version this service has accepted answers with, as the JSON of its
-- definition (clinic.events.questionnaire.Questionnaire). Written at start-up; never changed, so an
-- intake always points at the exact questions it was answered with.
create table questionnaire (
    version       text        primary key,
    definition    jsonb       not null,
    first_used_at timestamptz not null
);

-- The first questionnaire (issue 2), which the intakes stored before this migration answered.
insert into questionnaire (version, definition, first_used_at)
values ('1', '{
  "version": "1",
  "sections": [
    {"id": "aboutYou", "shownWhen": null, "questions": [
      {"id": "patientName", "type": "TEXT", "required": true, "options": [], "min": null, "max": null, "shownWhen": null, "personal": true},
      {"id": "dateOfBirth", "type": "DATE", "required": true, "options": [], "min": null, "max": null, "shownWhen": null, "personal": true},
      {"id": "phone", "type": "TEXT", "required": false, "options": [], "min": null, "max": null, "shownWhen": null, "personal": true},
      {"id": "email", "type": "TEXT", "required": false, "options": [], "min": null, "max": null, "shownWhen": null, "personal": true},
      {"id": "preferredLanguage", "type": "CHOICE", "required": true, "options": ["en", "es"], "min": null, "max": null, "shownWhen": null, "personal": true},
      {"id": "consentToContact", "type": "BOOLEAN", "required": true, "options": [], "min": null, "max": null, "shownWhen": null, "personal": true}
    ]},
    {"id": "whereItHurts", "shownWhen": null, "questions": [
      {"id": "painAreas", "type": "MULTI_CHOICE", "required": true, "options": ["LOWER_BACK", "BUTTOCK", "THIGH", "BELOW_KNEE", "FOOT", "LEFT_KNEE", "RIGHT_KNEE"], "min": 1.0, "max": null, "shownWhen": null, "personal": false},
      {"id": "painRadiatesDownLeg", "type": "BOOLEAN", "required": false, "options": [], "min": null, "max": null, "shownWhen": null, "personal": false},
      {"id": "legNumbnessOrTingling", "type": "BOOLEAN", "required": false, "options": [], "min": null, "max": null, "shownWhen": null, "personal": false},
      {"id": "kneeInjury", "type": "CHOICE", "required": false, "options": ["NONE", "TWISTING", "PIVOT_WITH_POP", "DIRECT_BLOW"], "min": null, "max": null, "shownWhen": {"question": "painAreas", "anyOf": ["LEFT_KNEE", "RIGHT_KNEE"]}, "personal": false},
      {"id": "kneeLocking", "type": "BOOLEAN", "required": false, "options": [], "min": null, "max": null, "shownWhen": {"question": "painAreas", "anyOf": ["LEFT_KNEE", "RIGHT_KNEE"]}, "personal": false},
      {"id": "painNow", "type": "INTEGER", "required": true, "options": [], "min": 0.0, "max": 10.0, "shownWhen": null, "personal": false},
      {"id": "bladderOrBowelChange", "type": "BOOLEAN", "required": true, "options": [], "min": null, "max": null, "shownWhen": null, "personal": false},
      {"id": "saddleNumbness", "type": "BOOLEAN", "required": true, "options": [], "min": null, "max": null, "shownWhen": null, "personal": false}
    ]}
  ]
}', now());

alter table intake
    add constraint intake_questionnaire_fk
        foreign key (questionnaire_version) references questionnaire (version);

-- A retried or double-clicked submission carries the same key: one intake. The fingerprint (a
-- hash of the validated submission) tells a true retry from a reuse of the key for other answers.
alter table intake add column idempotency_key text unique;
alter table intake add column request_fingerprint text;

-- Amendments: the intake row holds the current answers, intake_amendment the history.
alter table intake add column amendment integer not null default 0;

-- Withdrawal: final; later progress events are still recorded but never change the status.
alter table intake add column withdrawn_at timestamptz;
alter table intake add column withdrawal_reason text
    check (withdrawal_reason in ('ENTERED_IN_ERROR', 'DUPLICATE', 'PATIENT_DECLINED', 'OTHER'));
alter table intake drop constraint intake_status_check;
alter table intake add constraint intake_status_check
    check (status in ('SUBMITTED', 'TRIAGED', 'EDUCATION_ASSIGNED', 'WITHDRAWN'));

-- Today's list at the front desk.
create index intake_by_submitted_at on intake (submitted_at);

-- Each correction of an intake's answers: the whole corrected set and the set it replaced.
create table intake_amendment (
    amendment_id          uuid        primary key,
    intake_id             uuid        not null references intake (id),
    amendment             integer     not null check (amendment >= 1),
    questionnaire_version text        not null references questionnaire (version),
    answers               jsonb       not null,
    previous_answers      jsonb       not null,
    amended_at            timestamptz not null,
    unique (intake_id, amendment)
);
