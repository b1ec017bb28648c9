package clinic.intake.questionnaire;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.springframework.stereotype.Component;

/**
 * {@code GET /fhir/Questionnaire/{version}} and {@code GET /fhir/Questionnaire?url=&version=}:
 * every version this service has used, rendered from its stored definition ({@link
 * FhirQuestionnaires}).
 */
@Component
public class QuestionnaireResources implements IResourceProvider {

  private final QuestionnaireStore questionnaires;
  private final FhirQuestionnaires fhir;

  QuestionnaireResources(QuestionnaireStore questionnaires, FhirQuestionnaires fhir) {
    this.questionnaires = questionnaires;
    this.fhir = fhir;
  }

  @Override
  public Class<Questionnaire> getResourceType() {
    return Questionnaire.class;
  }

  @Read
  public Questionnaire read(@IdParam IdType id) {
    return questionnaires
        .find(id.getIdPart())
        .map(fhir::render)
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  /**
   * All versions, oldest first; {@code url} (with or without {@code |version}) and {@code version}
   * narrow it.
   */
  @Search
  public List<Questionnaire> search(
      @OptionalParam(name = Questionnaire.SP_URL) UriParam url,
      @OptionalParam(name = Questionnaire.SP_VERSION) TokenParam version) {
    return questionnaires.versions().stream()
        .filter(v -> url == null || fhir.version(url.getValue()).filter(v::equals).isPresent())
        .filter(v -> version == null || version.getValue().equals(v))
        .map(v -> questionnaires.find(v).orElseThrow())
        .map(fhir::render)
        .toList();
  }
}
