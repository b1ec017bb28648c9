package clinic.notifications;

/** Where a notification is in its delivery. */
public enum Status {
  /** Waiting for its first attempt (or for the attempt after a manual retry). */
  PENDING,
  /** Claimed by a dispatcher; if that dispatcher dies, the claim expires with its lease. */
  SENDING,
  /** The transport accepted it (SMTP server accepted the message, webhook answered 2xx). */
  DELIVERED,
  /** The last attempt failed; another is scheduled. */
  FAILED,
  /** No more automatic attempts: a permanent rejection or too many failures. A person may retry. */
  GAVE_UP
}
