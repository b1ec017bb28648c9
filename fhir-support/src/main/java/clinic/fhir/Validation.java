package clinic.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's R4 instance validator with the base specification's profiles, value sets and common code
 * systems, plus the project's own resources (e.g. its Questionnaire, so that a response is checked
 * against it). Building one loads the specification (seconds): build it once and share it; it is
 * safe to use from several threads.
 */
public final class Validation {

  /** The R4 context every module uses: creating one is expensive, HAPI caches this one. */
  public static final FhirContext R4 = FhirContext.forR4Cached();

  private final FhirValidator validator;

  private Validation(List<IBaseResource> ownResources) {
    var own = new OwnResources(ownResources);
    IValidationSupport chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(R4),
            own,
            new CommonCodeSystemsTerminologyService(R4),
            new InMemoryTerminologyServerValidationSupport(R4),
            new SnapshotGeneratingValidationSupport(R4));
    validator = R4.newValidator();
    var instanceValidator = new FhirInstanceValidator(chain);
    validator.registerValidatorModule(instanceValidator);
  }

  /**
   * The project's resources by canonical URL. HAPI's pre-populated support keeps conformance
   * resources only; the validator looks a response's Questionnaire up through {@code
   * fetchResource}, which this answers for any type.
   */
  private record OwnResources(List<IBaseResource> resources) implements IValidationSupport {

    @Override
    public FhirContext getFhirContext() {
      return R4;
    }

    /** {@code type} is null when the validator asks for a URL whatever its type. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
      return (T)
          resources.stream()
              .filter(resource -> type == null || type.isInstance(resource))
              .filter(resource -> url != null && url.equals(canonicalUrl(resource)))
              .findFirst()
              .orElse(null);
    }

    private static String canonicalUrl(IBaseResource resource) {
      return resource instanceof org.hl7.fhir.r4.model.MetadataResource metadata
          ? metadata.getUrl()
          : null;
    }
  }

  /** A validator that also knows these resources (e.g. the Questionnaire a response answers). */
  public static Validation knowing(List<? extends IBaseResource> ownResources) {
    return new Validation(List.copyOf(ownResources));
  }

  /**
   * The errors and fatal errors the validator finds, each as "location: message"; empty when the
   * resource is valid (warnings and information do not count).
   */
  public List<String> errors(IBaseResource resource) {
    return validate(resource).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + ": " + m.getMessage())
        .toList();
  }

  /** Validates the resource against its profiles (and, for a response, its questionnaire). */
  public ValidationResult validate(IBaseResource resource) {
    return validator.validateWithResult(resource);
  }
}
