package clinic.notifications;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification a dispatcher has claimed for one attempt.
 *
 * @param attempt the attempt number over the notification's life
 * @param attemptsSinceRetry the attempt number counted from the last manual retry (for give-up)
 * @param token fences the outcome: it is recorded only while the claim is still this one
 * @param traceparent the trace the notification was enqueued in, if it was traced
 */
record Claim(
    Notification notification,
    int attempt,
    int attemptsSinceRetry,
    UUID token,
    @Nullable String traceparent) {}
