package clinic.content.outbox;

/** A transaction wrote an outbox message: once it commits, the relay need not wait for its tick. */
record OutboxWritten() {}
