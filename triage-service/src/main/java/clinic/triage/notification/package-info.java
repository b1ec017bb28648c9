/**
 * Tells the receiving team about a referral: by e-mail and/or a signed webhook per route, through
 * the notifications module's outbox-style delivery log, and moves the referral to SENT once the
 * team has been reached.
 */
package clinic.triage.notification;
