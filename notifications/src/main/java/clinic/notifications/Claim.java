package clinic.notifications;

import java.util.UUID;

/**
 * A notification a dispatcher has claimed for one attempt.
 *
 * @param attempt the attempt number over the notification's life
 * @param attemptsSinceRetry the attempt number counted from the last manual retry (for give-up)
 * @param token fences the outcome: it is recorded only while the claim is still this one
 */
record Claim(Notification notification, int attempt, int attemptsSinceRetry, UUID token) {}
