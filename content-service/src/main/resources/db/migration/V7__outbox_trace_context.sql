-- The W3C traceparent of the transaction that appended the message (trace and span ids, no data):
-- the relay sends it later, from its own thread, in that trace.
ALTER TABLE outbox_message ADD COLUMN traceparent varchar(55);
