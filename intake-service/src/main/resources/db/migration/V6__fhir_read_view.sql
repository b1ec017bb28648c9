-- Issue 14: GET /fhir/QuestionnaireResponse/{id} shows identity and answers, and is recorded as a
-- view of its own.
alter table intake_read drop constraint intake_read_view_check;
alter table intake_read add constraint intake_read_view_check
  check (view in ('API_INTAKE', 'PAGE_INTAKE', 'PAGE_TODAY', 'FHIR_RESPONSE'));
