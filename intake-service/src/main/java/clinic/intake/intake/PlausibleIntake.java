package clinic.intake.intake;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

/**
 * The checks that span several fields of an {@link IntakeRequest}. Each violation names the field
 * the person has to correct, so it lands in the problem's {@code errors} next to the single-field
 * ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlausibleIntake.Validator.class)
@interface PlausibleIntake {

  String message() default "is not plausible";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Validator implements ConstraintValidator<PlausibleIntake, IntakeRequest> {

    @Override
    public boolean isValid(IntakeRequest request, ConstraintValidatorContext context) {
      context.disableDefaultConstraintViolation();
      boolean valid = true;
      if (request.dateOfBirth() != null
          && request.ageOn(LocalDate.now()) > IntakeRequest.MAX_AGE_YEARS) {
        context
            .buildConstraintViolationWithTemplate(
                "gives an age over " + IntakeRequest.MAX_AGE_YEARS + " years; check the year")
            .addPropertyNode("dateOfBirth")
            .addConstraintViolation();
        valid = false;
      }
      var answers = request.answers();
      // Without any pain area the person has a bigger gap to fill first; say only that.
      if (answers != null
          && answers.painAreas() != null
          && !answers.painAreas().isEmpty()
          && !answers.kneeHurts()) {
        valid &= onlyWithKneePain(answers.kneeInjury(), "kneeInjury", context);
        valid &= onlyWithKneePain(answers.kneeLocking(), "kneeLocking", context);
      }
      return valid;
    }

    private static boolean onlyWithKneePain(
        Object answer, String question, ConstraintValidatorContext context) {
      if (answer == null) {
        return true;
      }
      context
          .buildConstraintViolationWithTemplate(
              "only applies when LEFT_KNEE or RIGHT_KNEE is in painAreas")
          .addPropertyNode("answers")
          .addPropertyNode(question)
          .addConstraintViolation();
      return false;
    }
  }
}
