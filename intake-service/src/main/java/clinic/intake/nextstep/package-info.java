/**
 * The patient's next-step e-mail: once the referral is confirmed and the education packet assigned,
 * one message per referral in the patient's language, respecting consent to be contacted.
 */
package clinic.intake.nextstep;
