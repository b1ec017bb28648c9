package clinic.intake.system;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import clinic.fhir.Validation;
import clinic.intake.intake.FhirIntakes;
import clinic.intake.questionnaire.FhirQuestionnaires;
import clinic.intake.questionnaire.QuestionnaireResources;
import clinic.intake.questionnaire.QuestionnaireStore;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR R4 at {@code /fhir}: HAPI's {@link RestfulServer}, a plain Jakarta servlet (HAPI 8 is on
 * Jakarta Servlet 6, which Spring Boot 4's Tomcat 11 runs), next to Spring MVC's dispatcher. It
 * writes the CapabilityStatement at {@code /fhir/metadata} from the providers, negotiates JSON or
 * XML, and answers errors with an OperationOutcome. Spring Security's filter chain runs before it
 * as before any request ({@link AccessRules}).
 */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

  static final String PATH = "/fhir/*";

  /**
   * HAPI's validator knowing every questionnaire version this service has used. Loading the
   * specification takes seconds: one per application.
   */
  @Bean
  Validation fhirValidation(QuestionnaireStore questionnaires, FhirQuestionnaires fhir) {
    return Validation.knowing(
        questionnaires.versions().stream()
            .map(version -> fhir.render(questionnaires.find(version).orElseThrow()))
            .toList());
  }

  @Bean
  ServletRegistrationBean<RestfulServer> fhirServlet(
      QuestionnaireResources questionnaires, FhirIntakes intakes) {
    var server = new RestfulServer(Validation.R4);
    server.setImplementationDescription("Clinic intake-service: questionnaire and intakes");
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setDefaultPrettyPrint(false);
    server.registerProviders(questionnaires, intakes);
    var registration = new ServletRegistrationBean<>(server, PATH);
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
