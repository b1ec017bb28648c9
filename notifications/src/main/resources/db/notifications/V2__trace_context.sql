-- The W3C traceparent of the transaction that enqueued the notification (trace and span ids, no
-- data): the dispatcher's send, later and on another thread, continues that trace.
ALTER TABLE notifications.notification ADD COLUMN traceparent varchar(55);
