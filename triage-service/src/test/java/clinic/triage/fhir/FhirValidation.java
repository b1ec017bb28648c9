package clinic.triage.fhir;

import clinic.fhir.Validation;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** One HAPI validator per test JVM (building one loads the specification: seconds). */
public final class FhirValidation {

  private static Validation validation;

  private FhirValidation() {}

  /** The validator's errors and fatal errors for the resource, as readable lines. */
  public static synchronized List<String> errors(IBaseResource resource) {
    if (validation == null) {
      validation = Validation.knowing(List.of());
    }
    return validation.errors(resource);
  }
}
