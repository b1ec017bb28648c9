package clinic.intake.intake;

import java.time.LocalDate;
import java.time.Period;

/**
 * Who the intake is about. It stays in this service: events carry the age in years and the
 * preferred language, never these details.
 *
 * @param email null when not given
 * @param phone null when not given
 */
record Patient(
    String name,
    LocalDate dateOfBirth,
    String email,
    String phone,
    boolean consentToContact,
    String preferredLanguage) {

  int ageOn(LocalDate day) {
    return Period.between(dateOfBirth, day).getYears();
  }
}
