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

  /** Where the project's code systems live (routes and causes in triage-service are beside it). */
  public static final String BASE = "https://clinic.example.org/fhir/CodeSystem/";

  public static final String SYSTEM = BASE + "intake-answer";

  private AnswerCodes() {}

  public static Coding coding(String code) {
    return new Coding().setSystem(SYSTEM).setCode(code);
  }
}
