-- The outbox's sender is now events-spring's OutboxSender instead of Spring Modulith's Kafka
-- externalizer. Publications still waiting for the old listener are resubmitted to the new one
-- (the registry finds a publication's listener by this id), so nothing accepted before the upgrade
-- is left behind.
update event_publication
set listener_id = 'clinic.events.spring.OutboxSender'
where completion_date is null
  and listener_id like 'org.springframework.modulith.events.support.%.externalize(java.lang.Object)';
