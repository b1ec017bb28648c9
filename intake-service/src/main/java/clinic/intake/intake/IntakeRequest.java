package clinic.intake.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first questionnaire as the front desk sends it. Identity and contact details stay in this
 * service; only {@link Answers}, the age and the language travel on in {@code IntakeSubmitted}.
 *
 * <p>Answers with a fixed set of values are strings checked against that set rather than Java
 * enums: Jackson stops at the first unknown enum value, Bean Validation reports every bad field.
 */
@PlausibleIntake
record IntakeRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String patientName,
    @NotNull(message = "is required (YYYY-MM-DD)")
        @PastOrPresent(message = "cannot be in the future")
        LocalDate dateOfBirth,
    @Email(message = "must be an e-mail address such as name@example.org")
        @Size(max = 254, message = "must be at most 254 characters")
        String email,
    @Pattern(
            regexp = "\\+?[(]?[0-9][0-9 ()-]{4,24}",
            message =
                "must be a phone number: digits, spaces, dashes, brackets, optional leading +")
        String phone,
    @NotNull(message = "is required: true or false") Boolean consentToContact,
    @NotNull(message = "is required: en or es")
        @Pattern(regexp = "en|es", message = "must be en or es")
        String preferredLanguage,
    @NotNull(message = "is required") @Valid Answers answers) {

  /** The oldest age the clinic accepts as plausible; anything older is a typo in the year. */
  static final int MAX_AGE_YEARS = 130;

  int ageOn(LocalDate today) {
    return Period.between(dateOfBirth, today).getYears();
  }

  /**
   * The clinical answers, keyed by the question ids every service shares.
   *
   * @param kneeInjury only meaningful (and only accepted) when a knee is in {@code painAreas}
   * @param kneeLocking only meaningful (and only accepted) when a knee is in {@code painAreas}
   */
  record Answers(
      @NotEmpty(message = "must name at least one place that hurts")
          List<
                  @NotNull(message = PAIN_AREA_MESSAGE)
                  @Pattern(regexp = PAIN_AREAS, message = PAIN_AREA_MESSAGE) String>
              painAreas,
      Boolean painRadiatesDownLeg,
      Boolean legNumbnessOrTingling,
      @Pattern(regexp = KNEE_INJURIES, message = KNEE_INJURY_MESSAGE) String kneeInjury,
      Boolean kneeLocking,
      @NotNull(message = PAIN_NOW_MESSAGE)
          @Min(value = 0, message = PAIN_NOW_MESSAGE)
          @Max(value = 10, message = PAIN_NOW_MESSAGE)
          Integer painNow,
      @NotNull(message = "is required: true or false") Boolean bladderOrBowelChange,
      @NotNull(message = "is required: true or false") Boolean saddleNumbness) {

    static final String PAIN_AREAS =
        "LOWER_BACK|BUTTOCK|THIGH|BELOW_KNEE|FOOT|LEFT_KNEE|RIGHT_KNEE";
    static final String PAIN_AREA_MESSAGE =
        "must be one of LOWER_BACK, BUTTOCK, THIGH, BELOW_KNEE, FOOT, LEFT_KNEE, RIGHT_KNEE";
    static final String KNEE_INJURIES = "NONE|TWISTING|PIVOT_WITH_POP|DIRECT_BLOW";
    static final String KNEE_INJURY_MESSAGE =
        "must be one of NONE, TWISTING, PIVOT_WITH_POP, DIRECT_BLOW";
    static final String PAIN_NOW_MESSAGE =
        "must be a whole number from 0 (no pain) to 10 (worst pain imaginable)";

    boolean kneeHurts() {
      return painAreas != null
          && (painAreas.contains("LEFT_KNEE") || painAreas.contains("RIGHT_KNEE"));
    }

    /** The answers as {@code IntakeSubmitted} carries them: unanswered questions are left out. */
    Map<String, Object> toEventAnswers() {
      var answers = new LinkedHashMap<String, Object>();
      answers.put("painAreas", painAreas.stream().distinct().toList());
      putIfAnswered(answers, "painRadiatesDownLeg", painRadiatesDownLeg);
      putIfAnswered(answers, "legNumbnessOrTingling", legNumbnessOrTingling);
      putIfAnswered(answers, "kneeInjury", kneeInjury);
      putIfAnswered(answers, "kneeLocking", kneeLocking);
      answers.put("painNow", painNow);
      answers.put("bladderOrBowelChange", bladderOrBowelChange);
      answers.put("saddleNumbness", saddleNumbness);
      return answers;
    }

    private static void putIfAnswered(Map<String, Object> answers, String question, Object value) {
      if (value != null) {
        answers.put(question, value);
      }
    }
  }
}
