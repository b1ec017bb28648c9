package clinic.fhir;

import org.hl7.fhir.r4.model.Coding;

/**
 * The project's own code system for the answers of choice questions: the option values of the
 * questionnaire definition ({@code LOWER_BACK}, {@code SUDDEN}, {@code en}) as codes. One system
 * for every question, since an option means the same wherever it appears ({@code SITTING} in "worse
 * with" and "better with"). The URL is fixed, not the deployment's address: a code keeps its
 * meaning whichever server answered it.
 */
public final class AnswerCodes {

  public static final String SYSTEM = "https://clinic.example.org/fhir/CodeSystem/intake-answer";

  private AnswerCodes() {}

  public static Coding coding(String code) {
    return new Coding().setSystem(SYSTEM).setCode(code);
  }
}
