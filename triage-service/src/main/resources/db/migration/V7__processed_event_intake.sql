-- The processed-event helper shared with intake-service (events-spring) records the intake too,
-- so processed ids can be traced and cleaned up per intake. Rows from before have none.
alter table processed_event add column intake_id uuid;
